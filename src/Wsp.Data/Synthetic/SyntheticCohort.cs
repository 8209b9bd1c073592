using Wsp.Data.Subjects;

namespace Wsp.Data.Synthetic;

/// <summary>What <see cref="SyntheticCohortGenerator.Generate"/> wrote.</summary>
/// <param name="Folder">The folder holding the volumes, label maps and tables.</param>
/// <param name="AuthorsCsvPath">
/// <c>dataframe.csv</c> in the authors' format (<c>,subject,score,class,label</c>); <c>label</c> is empty for weak-only
/// patients. Read it with <see cref="SubjectTable.ReadAuthorsFormat"/> and <see cref="Folder"/> as image folder.
/// </param>
/// <param name="PlainCsvPath">
/// <c>cohort.csv</c> in the plain format, which also names each label map (<c>label_map</c>) and the latent
/// <c>stage</c>; read it with <see cref="SubjectTable.ReadPlainFormat"/> when slices are selected by organ.
/// </param>
/// <param name="Subjects">The subjects as read back from the plain table (label maps included).</param>
/// <param name="Patients">Per patient, the latent stage and the labels, in table order.</param>
public sealed record SyntheticCohort(string Folder, string AuthorsCsvPath, string PlainCsvPath, SubjectTable Subjects, IReadOnlyList<SyntheticPatient> Patients);
