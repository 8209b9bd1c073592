namespace Wsp.Data.Synthetic;

/// <summary>
/// Paints a patient's CT volume (HU) and organ label map, voxel by voxel, in canonical RAS order: x index towards
/// the patient's right, y towards anterior, z from inferior to superior, x fastest. Each slice is drawn sharp,
/// smoothed by a 3 x 3 binomial filter (the partial-volume blur of a real reconstruction), then given Gaussian noise.
/// </summary>
internal static class AbdomenPhantom
{
    private const float Air = -1000, Fat = -100, Muscle = 50, Fluid = 10, Lung = -850;
    private const float CorticalBone = 700, TrabecularBone = 230, Cerebrospinal = 15;

    /// <summary>Fills <paramref name="hu"/> and <paramref name="labels"/> (width x height x slices, x fastest).</summary>
    /// <param name="patient">The patient.</param>
    /// <param name="options">Grid size and spacing, noise level.</param>
    /// <param name="hu">Output intensities, integral HU.</param>
    /// <param name="labels">Output organ labels.</param>
    /// <param name="sharp">Scratch of one slice.</param>
    /// <param name="random">The patient's generator, for the noise.</param>
    public static void Render(PatientAnatomy patient, SyntheticCohortOptions options, Span<float> hu, Span<float> labels, Span<float> sharp, ref PhantomRandom random)
    {
        int width = options.Width, height = options.Height, sliceSize = width * height;
        float spacing = (float)options.PixelSpacing;
        float cos = MathF.Cos((float)patient.Rotation), sin = MathF.Sin((float)patient.Rotation);
        float x0 = -(width - 1) / 2f * spacing - (float)patient.OffsetX, y0 = -(height - 1) / 2f * spacing - (float)patient.OffsetY;
        float noise = (float)options.NoiseStandardDeviation;
        for (int k = 0; k < options.Slices; k++)
        {
            var slice = new SliceLayout(patient, (k + 0.5) / options.Slices);
            float zMm = (float)((k + 0.5) * options.SliceSpacing);
            Span<float> labelSlice = labels.Slice(k * sliceSize, sliceSize);
            for (int j = 0; j < height; j++)
            {
                float sy = y0 + j * spacing;
                for (int i = 0; i < width; i++)
                {
                    float sx = x0 + i * spacing;
                    // Into the patient's frame: undo the patient's rotation about the body's centre.
                    float x = cos * sx + sin * sy, y = -sin * sx + cos * sy;
                    (float value, byte label) = Voxel(patient, slice, x, y, zMm);
                    sharp[j * width + i] = value;
                    labelSlice[j * width + i] = label;
                }
            }
            BlurAndAddNoise(sharp, hu.Slice(k * sliceSize, sliceSize), width, height, noise, ref random);
        }
    }

    private static (float Value, byte Label) Voxel(PatientAnatomy p, SliceLayout s, float x, float y, float zMm)
    {
        float wallY = y < 0 ? y / (float)SliceLayout.PosteriorFlattening : y;
        if (!s.Body.Contains(x, wallY)) return (Air, OrganLabels.Background);

        (float value, byte label) = (Fat, OrganLabels.Background);
        if (s.Muscle.Contains(x, wallY)) value = Muscle;
        float cavityLevel = s.Cavity.Level(x, wallY);
        if (cavityLevel < 1)
            (value, label) = AbdominalCavity(p, s, x, y, zMm, cavityLevel);
        else if (cavityLevel < 1.6f)
        {
            foreach (Ellipse rib in s.Ribs)
            {
                float level = rib.Level(x, y);
                if (level < 1) { value = level > 0.45f ? CorticalBone : TrabecularBone; break; }
            }
        }
        // The back: paraspinal muscles, psoas, vertebra.
        if (s.ParaspinalRight.Contains(x, y) || s.ParaspinalLeft.Contains(x, y) || s.PsoasRight.Contains(x, y) || s.PsoasLeft.Contains(x, y))
            (value, label) = (Muscle, OrganLabels.Background);
        float vertebra = s.VertebralBody.Level(x, y);
        if (vertebra < 1)
            return (vertebra > 0.72f ? CorticalBone : TrabecularBone, OrganLabels.Background);
        if (s.SpinalCanal.Contains(x, y)) return (Cerebrospinal, OrganLabels.Background);
        if ((s.VertebralArch.Contains(x, y) && y < s.SpinalCanal.CentreY + 4) || s.SpinousProcess.Contains(x, y)
            || s.TransverseRight.Contains(x, y) || s.TransverseLeft.Contains(x, y))
            return (CorticalBone * 0.8f, OrganLabels.Background);
        return (value, label);
    }

    private static (float Value, byte Label) AbdominalCavity(PatientAnatomy p, SliceLayout s, float x, float y, float zMm, float cavityLevel)
    {
        // Mesenteric fat mixed with bowel loops (more of them low down) and a little gas.
        float pattern = p.BowelPattern.Sample(x, y, zMm);
        float bowelShare = (float)(0.75 - 0.6 * s.Z);
        float value = pattern > 1 - bowelShare ? 25 + 40 * (pattern - 0.5f) : Fat + 30 * pattern;
        if (pattern > 0.82f && s.Z < 0.55) value = Air;
        byte label = OrganLabels.Background;

        if (s.RightLung.Contains(x, y) || s.LeftLung.Contains(x, y)) value = Lung;

        float liverDistance = MathF.Min(s.RightLobe.Distance(x, y), MathF.Min(s.Caudate.Distance(x, y), s.LeftLobe.Distance(x, y)));
        float spleenDistance = s.Spleen.Distance(x, y);
        if (p.AscitesMm > 0 && s.AscitesHere)
        {
            float rim = (float)p.AscitesMm;
            bool gutter = cavityLevel > MathF.Pow(1 - rim / 60f, 2) && y > s.VertebralBody.CentreY;
            if (liverDistance < rim || spleenDistance < rim || gutter) value = Fluid;
        }

        if (s.Stomach.Contains(x, y))
            value = s.StomachLumen.Contains(x, y) ? (y > s.StomachAirLine ? Air : Fluid + 5) : 45;
        if (s.Stomach.Contains(x, y)) label = OrganLabels.Stomach;

        if (spleenDistance < 0)
            (value, label) = ((float)p.SpleenHu, OrganLabels.Spleen);

        if (s.LiverPresent && liverDistance < p.NodularityMm)
        {
            float surface = liverDistance > -p.NodularityMm
                ? (float)p.NodularityMm * p.Surface(MathF.Atan2(y - s.RightLobe.CentreY, x - s.RightLobe.CentreX), zMm)
                : 0;
            if (liverDistance < surface)
            {
                float blotch = (p.LiverTexture.Sample(x, y, zMm) - 0.5f) / 0.15f;
                (value, label) = ((float)(p.LiverHu + p.TextureHu * blotch), OrganLabels.Liver);
            }
        }

        if (s.RightKidney.Contains(x, y))
            (value, label) = s.RightSinus.Contains(x, y) ? (-40f, OrganLabels.Background) : ((float)p.KidneyHu, OrganLabels.RightKidney);
        else if (s.LeftKidney.Contains(x, y))
            (value, label) = s.LeftSinus.Contains(x, y) ? (-40f, OrganLabels.Background) : ((float)p.KidneyHu, OrganLabels.LeftKidney);

        if (s.Aorta.Contains(x, y) || s.VenaCava.Contains(x, y) || s.PortalVein.Contains(x, y))
            (value, label) = ((float)p.VesselHu, OrganLabels.Background);
        return (value, label);
    }

    private static void BlurAndAddNoise(ReadOnlySpan<float> sharp, Span<float> output, int width, int height, float noise, ref PhantomRandom random)
    {
        for (int j = 0; j < height; j++)
        {
            int up = Math.Max(j - 1, 0) * width, row = j * width, down = Math.Min(j + 1, height - 1) * width;
            for (int i = 0; i < width; i += 4)
            {
                random.NextGaussians4(out float g0, out float g1, out float g2, out float g3);
                output[row + i] = Smoothed(sharp, up, row, down, i, width) + noise * g0;
                if (i + 1 < width) output[row + i + 1] = Smoothed(sharp, up, row, down, i + 1, width) + noise * g1;
                if (i + 2 < width) output[row + i + 2] = Smoothed(sharp, up, row, down, i + 2, width) + noise * g2;
                if (i + 3 < width) output[row + i + 3] = Smoothed(sharp, up, row, down, i + 3, width) + noise * g3;
            }
            for (int i = 0; i < width; i++)
                output[row + i] = Math.Clamp(MathF.Round(output[row + i]), -1024, 3071);
        }
    }

    private static float Smoothed(ReadOnlySpan<float> s, int up, int row, int down, int i, int width)
    {
        int l = Math.Max(i - 1, 0), r = Math.Min(i + 1, width - 1);
        return (Column(s, up, row, down, l) + 2 * Column(s, up, row, down, i) + Column(s, up, row, down, r)) / 16;
    }

    private static float Column(ReadOnlySpan<float> s, int up, int row, int down, int c) => s[up + c] + 2 * s[row + c] + s[down + c];
}
