namespace Wsp.Models;

/// <summary>Where a model comes from: how its encoder was pretrained, and what wrote it.</summary>
/// <param name="PretrainingMethod">The pretraining method (e.g. <c>Wsp</c>, <c>SimClr</c>, <c>None</c>), as the caller names it.</param>
/// <param name="Settings">The pretraining settings, as names and values (e.g. a checkpoint's settings fingerprint).</param>
/// <param name="WrittenBy">The Wsp.Models version that wrote the file.</param>
/// <param name="CreatedUtc">When the model was fitted.</param>
public sealed record ModelProvenance(string PretrainingMethod, IReadOnlyDictionary<string, string> Settings, string WrittenBy, DateTimeOffset CreatedUtc);
