using System.Runtime.InteropServices;
using TorchSharp;
using Wsp.Data.Nifti;
using Wsp.Data.Subjects;
using static TorchSharp.torch;

namespace Wsp.Data.Volumes;

/// <summary>
/// Turns a subject's volume into its slice stack: read and reorient to canonical axes, select slices,
/// crop, map intensities and resample each slice to a square of <see cref="Size"/> pixels (bilinear,
/// with antialiasing when shrinking).
/// </summary>
public sealed class VolumeSlicer
{
    /// <summary>Creates a slicer.</summary>
    /// <param name="selection">Which slices to keep; the central 70 % by default.</param>
    /// <param name="intensity">Intensity mapping; the soft-tissue window by default.</param>
    /// <param name="size">Output side in pixels (e.g. 64, 128, 512).</param>
    public VolumeSlicer(SliceSelection? selection = null, IntensityMapping? intensity = null, int size = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        Selection = selection ?? new CentralFractionSelection();
        Intensity = intensity ?? IntensityMapping.SoftTissueWindow;
        Size = size;
    }

    /// <summary>The slice selection.</summary>
    public SliceSelection Selection { get; }

    /// <summary>The intensity mapping.</summary>
    public IntensityMapping Intensity { get; }

    /// <summary>Output side in pixels.</summary>
    public int Size { get; }

    /// <summary>Loads the slices of <paramref name="subject"/>.</summary>
    /// <param name="subject">The subject; its label map is read when the selection needs one.</param>
    /// <exception cref="InvalidDataException">The subject's files cannot be used, whatever the reason (format, size,
    /// arithmetic, memory, a label map off the image's grid): the message names the subject, the file being read and
    /// the reason, and the original error is the inner exception. Cancellation is not wrapped.</exception>
    public SliceStack Load(Subject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        string file = subject.ImagePath;
        try
        {
            NiftiFile image = NiftiFile.Open(file);
            NiftiFile? labelMap = null;
            if (Selection.NeedsLabelMap)
            {
                file = subject.LabelMapPath ?? throw new InvalidDataException("the slice selection needs a label map, and the subject has none");
                labelMap = NiftiFile.Open(file);
            }
            return Load(subject.Id, image, labelMap, ref file);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Every failure, including OverflowException or OutOfMemoryException, leaves naming whom and what.
            throw SubjectError(subject, file, e);
        }
    }

    /// <summary>Loads the slices of an opened image (and label map, when the selection needs one).</summary>
    /// <param name="subjectId">The name the stack and any error carry.</param>
    /// <param name="image">The image.</param>
    /// <param name="labelMap">The organ label map on the image's grid (same shape and affine), when <see cref="SliceSelection.NeedsLabelMap"/>; ignored otherwise.</param>
    /// <exception cref="InvalidDataException">The files cannot be used (as for <see cref="Load(Subject)"/>), the selection
    /// needs a label map and none is given, or the label map is not on the image's grid.</exception>
    public SliceStack Load(string subjectId, NiftiFile image, NiftiFile? labelMap = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        ArgumentNullException.ThrowIfNull(image);
        string file = image.HeaderPath;
        try
        {
            if (Selection.NeedsLabelMap && labelMap is null)
                throw new InvalidDataException($"the slice selection ({Selection}) needs the organ label map, and none was given");
            return Load(subjectId, image, Selection.NeedsLabelMap ? labelMap : null, ref file);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw SubjectError(subjectId, file, e);
        }
    }

    private SliceStack Load(string subjectId, NiftiFile image, NiftiFile? labelMap, ref string file)
    {
        file = image.HeaderPath;
        using CanonicalVolume volume = CanonicalVolume.Read(image);
        CanonicalVolume? canonicalLabels = null;
        if (labelMap is not null)
        {
            file = labelMap.HeaderPath;
            LabelMapGrid.EnsureMatches(image.Header, labelMap.Header);
            canonicalLabels = CanonicalVolume.Read(labelMap);
        }
        using (canonicalLabels)
        {
            SelectedSlices selected = Selection.Select(volume, canonicalLabels);
            return new SliceStack(subjectId, Resample(volume, selected), selected.Positions, selected.Indices);
        }
    }

    /// <summary>The error a consumer gets when <paramref name="subject"/>'s <paramref name="file"/> fails with <paramref name="error"/>.</summary>
    internal static InvalidDataException SubjectError(Subject subject, string file, Exception error) => SubjectError(subject.Id, file, error);

    private static InvalidDataException SubjectError(string subjectId, string file, Exception error)
    {
        string reason = error is OutOfMemoryException ? $"out of memory ({error.Message})" : error.Message;
        return new InvalidDataException($"Subject '{subjectId}' ({file}): {reason}", error);
    }

    private Tensor Resample(CanonicalVolume volume, SelectedSlices selected)
    {
        var (x0, y0, width, height) = selected.Crop ?? (0, 0, volume.Shape[0], volume.Shape[1]);
        int n = selected.Indices.Count;

        using var scope = NewDisposeScope();
        // Rows are y (posterior to anterior after canonical reorientation), columns x. Copied straight
        // into native memory: no managed buffer of the stack's size is left for the garbage collector.
        Tensor images = empty(n, 1, height, width);
        // A span over the fresh (contiguous, CPU) tensor: TensorAccessor.CopyFrom would go element by element.
        Span<float> pixels = MemoryMarshal.Cast<byte, float>(images.bytes);
        bool wholeRows = x0 == 0 && width == volume.Shape[0];
        for (int s = 0; s < n; s++)
        {
            ReadOnlySpan<float> slice = volume.Slice(selected.Indices[s]);
            Span<float> target = pixels.Slice(s * height * width, height * width);
            if (wholeRows)
            {
                slice.Slice(y0 * width, height * width).CopyTo(target);
                continue;
            }
            for (int y = 0; y < height; y++)
                slice.Slice((y0 + y) * volume.Shape[0] + x0, width).CopyTo(target.Slice(y * width, width));
        }
        if (height != Size || width != Size)
        {
            bool shrinking = height > Size || width > Size;
            images = nn.functional.interpolate(images, new long[] { Size, Size }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: shrinking);
        }
        return Intensity.ApplyInPlace(images).MoveToOuterDisposeScope();
    }
}
