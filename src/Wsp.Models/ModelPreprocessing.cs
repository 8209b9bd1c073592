using System.Globalization;
using Wsp.Data.Sampling;
using Wsp.Data.Volumes;

namespace Wsp.Models;

/// <summary>
/// What a model does to a volume before its network sees it, recorded so that a new patient is prepared exactly as the
/// training patients were: reorientation to RAS+ axes (<see cref="CanonicalVolume"/>), slice selection (a central fraction
/// or an organ of the label map), intensity mapping, resampling of each slice to <see cref="Size"/> pixels, and the
/// evenly spread slices (<see cref="EvaluationSampler.Spread"/>) whose predictions make the patient's.
/// </summary>
/// <remarks>
/// Only the built-in selections (<see cref="CentralFractionSelection"/>, <see cref="OrganSelection"/>) and intensity
/// mappings (<see cref="WindowIntensityMapping"/>, <see cref="ScaleIntensityMapping"/>) can be recorded; another type is
/// refused by name when the preprocessing is created, not when the model is saved.
/// A volume with another orientation or voxel spacing than the training data needs nothing special: it is reoriented
/// from its affine, and each kept slice is resampled to <see cref="Size"/> pixels whatever its field of view.
/// </remarks>
public sealed class ModelPreprocessing
{
    /// <summary>The orientation rule every volume goes through, as written in a model's metadata.</summary>
    public const string OrientationRule = "RAS+ (voxel axes permuted and flipped to the closest canonical axes of the image's affine, as nibabel's as_closest_canonical)";

    /// <summary>Records a slicer's settings.</summary>
    /// <param name="slicer">The slicer the training cohort used.</param>
    /// <param name="slicesPerPatient">Evenly spread slices per patient whose predictions are averaged; 0 for every kept slice.</param>
    /// <exception cref="NotSupportedException">The slicer's selection or intensity mapping is of a type a model cannot record; the message names it.</exception>
    public ModelPreprocessing(VolumeSlicer slicer, int slicesPerPatient)
    {
        ArgumentNullException.ThrowIfNull(slicer);
        ArgumentOutOfRangeException.ThrowIfNegative(slicesPerPatient);
        Selection = slicer.Selection is CentralFractionSelection or OrganSelection ? slicer.Selection
            : throw new NotSupportedException($"A model can record a CentralFractionSelection or an OrganSelection, not a {slicer.Selection.GetType().FullName}.");
        Intensity = slicer.Intensity is WindowIntensityMapping or ScaleIntensityMapping ? slicer.Intensity
            : throw new NotSupportedException($"A model can record a WindowIntensityMapping or a ScaleIntensityMapping, not a {slicer.Intensity.GetType().FullName}.");
        Size = slicer.Size;
        SlicesPerPatient = slicesPerPatient;
    }

    /// <summary>Which slices are kept.</summary>
    public SliceSelection Selection { get; }

    /// <summary>How intensities map to the network's input.</summary>
    public IntensityMapping Intensity { get; }

    /// <summary>Side of the square slices, in pixels.</summary>
    public int Size { get; }

    /// <summary>Evenly spread slices per patient (0: every kept slice).</summary>
    public int SlicesPerPatient { get; }

    /// <summary>Whether a prediction needs the patient's organ label map.</summary>
    public bool NeedsLabelMap => Selection.NeedsLabelMap;

    /// <summary>A slicer with these settings.</summary>
    public VolumeSlicer CreateSlicer() => new(Selection, Intensity, Size);

    /// <summary>
    /// The settings as flat key-value pairs (keys <c>wsp.preprocessing.*</c>), the form they take in an exported ONNX
    /// model's metadata so that another runtime can reproduce them.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["wsp.preprocessing.orientation"] = OrientationRule,
            ["wsp.preprocessing.size"] = Number(Size),
            ["wsp.preprocessing.slices_per_patient"] = Number(SlicesPerPatient),
            ["wsp.preprocessing.slice_spread"] = "the i-th of k slices is kept slice floor((i + 0.5) * n / k) of the n kept slices",
            ["wsp.preprocessing.resampling"] = "bilinear, align_corners false, antialiased when shrinking, to size x size",
        };
        switch (Selection)
        {
            case CentralFractionSelection central:
                values["wsp.preprocessing.selection"] = "central_fraction";
                values["wsp.preprocessing.selection.fraction"] = Number(central.Fraction);
                break;
            case OrganSelection organ:
                values["wsp.preprocessing.selection"] = "organ";
                values["wsp.preprocessing.selection.label"] = Number(organ.Label);
                values["wsp.preprocessing.selection.crop"] = organ.CropToBoundingBox ? "true" : "false";
                values["wsp.preprocessing.selection.margin"] = Number(organ.Margin);
                break;
        }
        switch (Intensity)
        {
            case WindowIntensityMapping window:
                values["wsp.preprocessing.intensity"] = "window";
                values["wsp.preprocessing.intensity.center"] = Number(window.Center);
                values["wsp.preprocessing.intensity.width"] = Number(window.Width);
                break;
            case ScaleIntensityMapping scale:
                values["wsp.preprocessing.intensity"] = "scale";
                values["wsp.preprocessing.intensity.factor"] = Number(scale.Factor);
                break;
        }
        return values;
    }

    /// <summary>Rebuilds the preprocessing from <see cref="ToMetadata"/>'s pairs (e.g. read from an ONNX model).</summary>
    /// <param name="metadata">The pairs; other keys are ignored.</param>
    /// <exception cref="InvalidDataException">A key is missing or a value cannot be read; the message names the key.</exception>
    public static ModelPreprocessing FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        try
        {
            return Parse(metadata);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The model's preprocessing metadata is invalid: {e.Message}", e);
        }
    }

    private static ModelPreprocessing Parse(IReadOnlyDictionary<string, string> metadata)
    {
        SliceSelection selection = Text(metadata, "wsp.preprocessing.selection") switch
        {
            "central_fraction" => new CentralFractionSelection(Real(metadata, "wsp.preprocessing.selection.fraction")),
            "organ" => new OrganSelection(Integer(metadata, "wsp.preprocessing.selection.label"),
                Text(metadata, "wsp.preprocessing.selection.crop") == "true", Integer(metadata, "wsp.preprocessing.selection.margin")),
            var other => throw new InvalidDataException($"Unknown slice selection '{other}' (wsp.preprocessing.selection)."),
        };
        IntensityMapping intensity = Text(metadata, "wsp.preprocessing.intensity") switch
        {
            "window" => new WindowIntensityMapping(Real(metadata, "wsp.preprocessing.intensity.center"), Real(metadata, "wsp.preprocessing.intensity.width")),
            "scale" => new ScaleIntensityMapping(Real(metadata, "wsp.preprocessing.intensity.factor")),
            var other => throw new InvalidDataException($"Unknown intensity mapping '{other}' (wsp.preprocessing.intensity)."),
        };
        return new ModelPreprocessing(new VolumeSlicer(selection, intensity, Integer(metadata, "wsp.preprocessing.size")),
            Integer(metadata, "wsp.preprocessing.slices_per_patient"));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Selection}, {Intensity}, {Size} px, {(SlicesPerPatient == 0 ? "every kept slice" : $"{SlicesPerPatient} spread slices")} per patient");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? value) ? value : throw new InvalidDataException($"The model's metadata has no '{key}'.");

    private static double Real(IReadOnlyDictionary<string, string> metadata, string key) =>
        double.TryParse(Text(metadata, key), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value : throw new InvalidDataException($"The model's metadata '{key}' = '{metadata[key]}' is not a finite number.");

    private static int Integer(IReadOnlyDictionary<string, string> metadata, string key) =>
        int.TryParse(Text(metadata, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value : throw new InvalidDataException($"The model's metadata '{key}' = '{metadata[key]}' is not an integer.");
}
