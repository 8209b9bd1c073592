namespace Wsp.Data.Volumes;

/// <summary>
/// Keeps the axial slices in which a label map contains an organ (e.g. the liver, label 5 of a
/// TotalSegmentator map), optionally cropping every slice to the organ's in-plane bounding box plus a margin.
/// </summary>
public sealed class OrganSelection : SliceSelection
{
    /// <summary>Creates the selection.</summary>
    /// <param name="label">The organ's label value.</param>
    /// <param name="cropToBoundingBox">Crop slices to the organ's bounding box over all kept slices.</param>
    /// <param name="margin">Voxels added around the bounding box.</param>
    public OrganSelection(int label, bool cropToBoundingBox = false, int margin = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        Label = label;
        CropToBoundingBox = cropToBoundingBox;
        Margin = margin;
    }

    /// <summary>The organ's label.</summary>
    public int Label { get; }

    /// <summary>Whether slices are cropped to the organ.</summary>
    public bool CropToBoundingBox { get; }

    /// <summary>Margin around the bounding box, in voxels.</summary>
    public int Margin { get; }

    /// <inheritdoc />
    public override bool NeedsLabelMap => true;

    /// <inheritdoc />
    public override SelectedSlices Select(CanonicalVolume volume, CanonicalVolume? labelMap)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (labelMap is null)
            throw new ArgumentException("Organ selection needs the subject's label map.", nameof(labelMap));
        if (!labelMap.Shape.SequenceEqual(volume.Shape))
            throw new ArgumentException($"The label map's shape [{string.Join(", ", labelMap.Shape)}] differs from the image's [{string.Join(", ", volume.Shape)}].", nameof(labelMap));

        int width = volume.Shape[0], height = volume.Shape[1];
        int xMin = int.MaxValue, yMin = int.MaxValue, xMax = -1, yMax = -1;
        var kept = new List<int>();
        for (int k = 0; k < labelMap.SliceCount; k++)
        {
            ReadOnlySpan<float> slice = labelMap.Slice(k);
            bool any = false;
            for (int i = 0; i < slice.Length; i++)
            {
                if (slice[i] != Label) continue;
                any = true;
                int x = i % width, y = i / width;
                xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x);
                yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y);
            }
            if (any) kept.Add(k);
        }
        if (kept.Count == 0)
            throw new InvalidDataException($"The label map contains no voxel of label {Label}.");

        (int, int, int, int)? crop = null;
        if (CropToBoundingBox)
        {
            int x0 = Math.Max(0, xMin - Margin), y0 = Math.Max(0, yMin - Margin);
            int x1 = Math.Min(width - 1, xMax + Margin), y1 = Math.Min(height - 1, yMax + Margin);
            crop = (x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        }
        return new SelectedSlices(kept, Positions(kept.Count), crop);
    }

    /// <inheritdoc />
    public override string ToString() => $"slices through label {Label}{(CropToBoundingBox ? $", cropped to its box with a {Margin}-voxel margin" : "")}";
}
