namespace Wsp.Data.Subjects;

/// <summary>One patient (one volume) of a cohort.</summary>
/// <param name="Id">The subject's identifier (the authors' tables use the volume's file name).</param>
/// <param name="ImagePath">Full path of the NIfTI volume.</param>
/// <param name="WeakLabel">The discrete label the contrastive kernel compares (the authors' <c>class</c>), or null.</param>
/// <param name="StrongLabel">The reliable binary target, e.g. cirrhosis from histology (the authors' <c>label</c>), or null when unknown.</param>
/// <param name="Split">The split the table assigns, or null.</param>
/// <param name="LabelMapPath">Full path of an organ label map on the same grid, or null.</param>
public sealed record Subject(string Id, string ImagePath, int? WeakLabel, int? StrongLabel, SubjectSplit? Split, string? LabelMapPath = null);
