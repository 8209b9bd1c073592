namespace Wsp.Data.Subjects;

/// <summary>The split a subject belongs to, as the tables name it.</summary>
public enum SubjectSplit
{
    /// <summary>Training (authors' <c>train_set</c>; plain <c>split</c> "train").</summary>
    Train,

    /// <summary>Validation (authors' <c>val_set</c>; plain <c>split</c> "val" or "validation").</summary>
    Validation,

    /// <summary>Test (authors' <c>test_set</c>; plain <c>split</c> "test").</summary>
    Test,
}
