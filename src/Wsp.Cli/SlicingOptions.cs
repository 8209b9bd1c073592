using System.CommandLine;
using Wsp.Data.Volumes;

namespace Wsp.Cli;

/// <summary>How volumes become slices at pretraining: recorded with the encoder, and reused by <c>wsp fit</c>.</summary>
internal sealed class SlicingOptions(Option<int> size, Option<double> fraction, Option<int?> organ, Option<string> intensity)
{
    public static SlicingOptions AddTo(OptionSet options) => new(
        options.Add("--size", "Slice side in pixels (at least 32).", 64),
        options.Add("--fraction", "Keep the central fraction of the slices (0 < f <= 1), unless --organ is given.", 0.7),
        options.OptionalNumber<int>("--organ", "Keep the slices through this label of each subject's label map instead (e.g. 5, the phantom's liver)."),
        options.Add("--intensity", "soft-tissue (window level 50 HU, width 400 HU, for volumes in HU) or authors (0..255 volumes divided by 250).", "soft-tissue"));

    public VolumeSlicer Create(ParseResult result)
    {
        int side = result.GetValue(size);
        if (side < Training.Encoders.SliceEncoder.MinimumInputSize)
            throw new ArgumentException($"--size {side} is too small: the encoders need slices of at least {Training.Encoders.SliceEncoder.MinimumInputSize} pixels.");
        double kept = result.GetValue(fraction);
        if (!(kept > 0 && kept <= 1))
            throw new ArgumentException($"--fraction must be in (0, 1], not {kept}.");
        SliceSelection selection = result.GetValue(organ) is { } label ? new OrganSelection(label) : new CentralFractionSelection(kept);
        IntensityMapping mapping = result.GetValue(intensity) switch
        {
            "soft-tissue" => IntensityMapping.SoftTissueWindow,
            "authors" => IntensityMapping.Authors,
            var other => throw new ArgumentException($"--intensity must be soft-tissue or authors, not '{other}'."),
        };
        return new VolumeSlicer(selection, mapping, side);
    }
}
