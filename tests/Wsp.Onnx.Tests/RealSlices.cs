using System.Text.Json;
using Wsp.Data.Nifti;
using Wsp.Data.Volumes;
using Wsp.Tests.Shared;

namespace Wsp.Onnx.Tests;

/// <summary>
/// Slices of the real abdominal CT in ../shared/nifti (totalseg__example_ct_sm), found through its manifest.json; the
/// variable WSP_NIFTI_CASES names another manifest of the same format holding that case, as in the other tests.
/// </summary>
internal static class RealSlices
{
    public const string Variable = "WSP_NIFTI_CASES";
    public const string CaseId = "totalseg__example_ct_sm";

    public static string CtPath()
    {
        string manifest = TestPaths.SharedFile("nifti/manifest.json", Variable);
        if (!File.Exists(manifest))
            throw new FileNotFoundException($"The NIfTI manifest was not found at {manifest}; set {Variable} to a manifest of the same format.", manifest);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        JsonElement entry = document.RootElement.GetProperty("files").EnumerateArray()
            .FirstOrDefault(e => e.GetProperty("id").GetString() == CaseId);
        if (entry.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{manifest} has no case '{CaseId}', the real CT these tests slice.");
        return Path.Combine(Path.GetDirectoryName(manifest)!, entry.GetProperty("file_name").GetString()!);
    }

    /// <summary>The CT's central slices, soft-tissue window, at <paramref name="size"/> pixels.</summary>
    public static SliceStack Load(int size) =>
        new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, size).Load("ct", NiftiFile.Open(CtPath()));
}
