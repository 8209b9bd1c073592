namespace Wsp.Data.Synthetic;

/// <summary>
/// One generated patient: the latent truth (the fibrosis stage the phantom was drawn from) beside what a study
/// would record (the radiologist's weak grade, and histology when the patient had a biopsy).
/// </summary>
/// <param name="Id">Identifier and volume file name, e.g. <c>synth_0007.nii.gz</c>, as in the authors' tables.</param>
/// <param name="Stage">Latent METAVIR fibrosis stage, 0 (F0) to 4 (F4, cirrhosis).</param>
/// <param name="WeakLabel">Radiological grade: 0 (F0-F1), 1 (F2-F3) or 2 (F4), possibly moved to a neighbouring grade.</param>
/// <param name="HistologyLabel">Cirrhosis at histology (1 when the stage is F4), or null for weak-only patients.</param>
/// <param name="ImagePath">Full path of the CT volume (int16 HU).</param>
/// <param name="LabelMapPath">Full path of the organ label map (uint8, TotalSegmentator labels).</param>
public sealed record SyntheticPatient(string Id, int Stage, int WeakLabel, int? HistologyLabel, string ImagePath, string LabelMapPath);
