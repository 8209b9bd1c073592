namespace Wsp.Data.Sampling;

/// <summary>One slice of one patient: indices into a cohort's patient list and that patient's kept slices.</summary>
/// <param name="Patient">Index of the patient.</param>
/// <param name="Slice">Index among the patient's kept slices.</param>
public readonly record struct SliceReference(int Patient, int Slice);
