using Xunit.Abstractions;

namespace Wsp.Data.Tests.Nifti;

/// <summary>
/// One row of the manifest tests. xunit shows a string argument cut at 50 characters, so two long ids could
/// share a row name; this row shows its index and a shortened id instead, unique and readable.
/// </summary>
public sealed class ManifestCase : IXunitSerializable
{
    private const int MaxIdLength = 40;

    /// <summary>For xunit's deserialisation.</summary>
    public ManifestCase()
    {
    }

    public ManifestCase(int index, string id)
    {
        Index = index;
        Id = id;
    }

    public int Index { get; private set; }

    public string Id { get; private set; } = "";

    public void Deserialize(IXunitSerializationInfo info)
    {
        Index = info.GetValue<int>(nameof(Index));
        Id = info.GetValue<string>(nameof(Id));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Index), Index);
        info.AddValue(nameof(Id), Id);
    }

    // The index makes the name unique; the id keeps its start and its end, where long ids differ.
    public override string ToString() =>
        $"#{Index:00} " + (Id.Length <= MaxIdLength ? Id : Id[..26] + "…" + Id[^(MaxIdLength - 27)..]);
}
