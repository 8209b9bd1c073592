namespace Wsp.Evaluation;

/// <summary>Progress of a cross-validation: folds completed out of all.</summary>
/// <param name="CompletedFolds">Folds completed.</param>
/// <param name="Folds">Folds in all.</param>
public sealed record FoldProgress(int CompletedFolds, int Folds);
