namespace Wsp.Data.Synthetic;

/// <summary>
/// The random make-up of one phantom patient: body habitus, position, contrast enhancement, and the signs of
/// fibrosis, whose strength grows with the stage but varies between patients (so stages overlap, as in reality).
/// Lengths are in millimetres, positions along the body axis normalised to [0, 1) from inferior to superior.
/// </summary>
internal sealed class PatientAnatomy
{
    private PatientAnatomy() { }


    // Habitus and position.
    public double BodyHalfWidth { get; private init; }
    public double BodyHalfDepth { get; private init; }
    public double OffsetX { get; private init; }
    public double OffsetY { get; private init; }
    public double Rotation { get; private init; }
    public double FatThickness { get; private init; }
    public double MuscleThickness { get; private init; }

    // Portal-venous enhancement (HU).
    public double LiverHu { get; private init; }
    public double SpleenHu { get; private init; }
    public double KidneyHu { get; private init; }
    public double VesselHu { get; private init; }

    // Craniocaudal extents (normalised z).
    public double LiverBottom { get; private init; }
    public double LiverTop { get; private init; }
    public double SpleenCentre { get; private init; }
    public double SpleenHalfExtent { get; private init; }
    public double KidneyCentre { get; private init; }

    // Fibrosis signs.
    public double RightLobeScale { get; private init; }
    public double CaudateScale { get; private init; }
    public double LeftLobeScale { get; private init; }
    public double SpleenScale { get; private init; }
    public double NodularityMm { get; private init; }
    public double TextureHu { get; private init; }
    public double AscitesMm { get; private init; }

    /// <summary>Angular frequencies, phases and craniocaudal drifts of the three surface undulations.</summary>
    public (int Frequency, double Phase, double Drift)[] SurfaceWaves { get; private init; } = Array.Empty<(int, double, double)>();

    public ValueNoise LiverTexture { get; private init; } = null!;
    public ValueNoise BowelPattern { get; private init; } = null!;

    /// <summary>Draws a patient of fibrosis stage <paramref name="stage"/> (0 to 4).</summary>
    /// <param name="random">The patient's own generator.</param>
    /// <param name="stage">METAVIR stage.</param>
    /// <param name="lengthMm">Craniocaudal length of the volume, for the noise fields.</param>
    public static PatientAnatomy Draw(ref PhantomRandom random, int stage, double lengthMm)
    {
        double severity = stage / 4.0;
        double halfWidth = random.Normal(168, 12);
        double liverHu = random.Normal(105, 10);
        double ascitesChance = stage switch { 4 => 0.6, 3 => 0.15, _ => 0.02 };
        bool ascites = random.NextDouble() < ascitesChance;
        var waves = new (int, double, double)[3];
        for (int i = 0; i < waves.Length; i++)
            waves[i] = (9 + 7 * i + (int)(random.NextDouble() * 6), random.Uniform(0, 2 * Math.PI), random.Uniform(-0.08, 0.08));
        return new PatientAnatomy
        {
            BodyHalfWidth = halfWidth,
            BodyHalfDepth = halfWidth * random.Normal(0.74, 0.05),
            OffsetX = random.Normal(0, 6),
            OffsetY = random.Normal(0, 6),
            Rotation = random.Normal(0, 3) * Math.PI / 180,
            FatThickness = random.Uniform(8, 28),
            MuscleThickness = random.Uniform(7, 12),
            LiverHu = liverHu,
            SpleenHu = liverHu + random.Normal(8, 6),
            KidneyHu = liverHu + random.Normal(60, 15),
            VesselHu = liverHu + random.Normal(45, 12),
            LiverBottom = random.Normal(0.33, 0.03),
            LiverTop = random.Normal(0.9, 0.02),
            SpleenCentre = random.Normal(0.68, 0.03),
            SpleenHalfExtent = random.Normal(0.13, 0.015) * (1 + 0.35 * severity),
            KidneyCentre = random.Normal(0.3, 0.03),
            // Cirrhosis shrinks the right lobe and enlarges the caudate (raising the caudate / right lobe ratio).
            RightLobeScale = 1 - 0.2 * severity * random.Uniform(0.6, 1.4) + random.Normal(0, 0.04),
            CaudateScale = 1 + 0.7 * severity * random.Uniform(0.6, 1.4) + random.Normal(0, 0.08),
            LeftLobeScale = 1 + 0.15 * severity * random.Uniform(0.5, 1.5) + random.Normal(0, 0.06),
            // Portal hypertension enlarges the spleen.
            SpleenScale = (1 + 0.4 * severity * random.Uniform(0.6, 1.4)) * random.Normal(1, 0.07),
            // Surface and texture signs grow linearly with the stage, large enough (several mm, tens of HU over
            // about 2 cm) to be seen at the 6 mm pixels of 64-pixel slices, as a radiologist's grade presumes.
            NodularityMm = (0.5 + 6 * severity) * random.Uniform(0.6, 1.4),
            TextureHu = (4 + 20 * severity) * random.Uniform(0.6, 1.4),
            AscitesMm = ascites ? random.Uniform(4, 9) * (0.5 + severity) : 0,
            SurfaceWaves = waves,
            LiverTexture = new ValueNoise(ref random, extent: 200, height: lengthMm, cell: 18, cellZ: 15),
            BowelPattern = new ValueNoise(ref random, extent: 200, height: lengthMm, cell: 14, cellZ: 16),
        };
    }

    /// <summary>The surface undulation at angle <paramref name="theta"/> and height <paramref name="zMm"/>, in [-1, 1].</summary>
    public float Surface(float theta, float zMm)
    {
        float sum = 0;
        foreach (var (frequency, phase, drift) in SurfaceWaves)
            sum += MathF.Sin(frequency * theta + (float)phase + (float)drift * zMm);
        return sum / SurfaceWaves.Length;
    }
}
