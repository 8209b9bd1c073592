namespace Wsp.Data.Synthetic;

/// <summary>
/// Settings of <see cref="SyntheticCohortGenerator"/>. No public data set carries both weak radiological grades and
/// histology, so the end-to-end sample generates one; these settings size it and control how hard it is.
/// The defaults give 300 patients of 128 x 128 x 48 voxels (3 x 3 x 5 mm, a 384 mm field of view that holds the
/// body) whose histology subset has about 35 % cirrhosis (F4).
/// </summary>
public sealed class SyntheticCohortOptions
{
    /// <summary>Seed of the whole cohort; each patient's generator derives from it and the patient's index. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Patients with a weak (radiological) grade only: the pretraining set. Default 220.</summary>
    public int WeakPatients { get; set; } = 220;

    /// <summary>Patients with a weak grade and a histology label: the evaluation set. Default 80.</summary>
    public int HistologyPatients { get; set; } = 80;

    /// <summary>Voxels along the patient's right-left axis. Default 128.</summary>
    public int Width { get; set; } = 128;

    /// <summary>Voxels along the anterior-posterior axis. Default 128.</summary>
    public int Height { get; set; } = 128;

    /// <summary>Axial slices, from the pelvis (inferior) to the lung bases (superior). Default 48.</summary>
    public int Slices { get; set; } = 48;

    /// <summary>
    /// In-plane voxel size (mm) at <see cref="Width"/> = 128. Default 3. The anatomy is drawn in millimetres, so a
    /// smaller grid with the same spacing would crop the body: scale the spacing as 384 / width to keep it whole.
    /// </summary>
    public double PixelSpacing { get; set; } = 3.0;

    /// <summary>Distance between slices (mm). Default 5, so that 48 slices span 240 mm from the pelvis to the lung bases.</summary>
    public double SliceSpacing { get; set; } = 5.0;

    /// <summary>
    /// Probability that the radiologist's grade is moved to a neighbouring grade (a weak label is cheap and
    /// imperfect). Default 0.25.
    /// </summary>
    public double WeakLabelNoise { get; set; } = 0.25;

    /// <summary>
    /// Probabilities of the fibrosis stages F0 to F4 (five non-negative values, normalised when drawn). Default
    /// 0.2, 0.15, 0.15, 0.15, 0.35: about 35 % cirrhosis, as in a hepatology referral cohort.
    /// </summary>
    public IReadOnlyList<double> StageProbabilities { get; set; } = new[] { 0.2, 0.15, 0.15, 0.15, 0.35 };

    /// <summary>Standard deviation of the scanner's Gaussian noise (HU). Default 15.</summary>
    public double NoiseStandardDeviation { get; set; } = 15.0;

    /// <summary>Patients generated at once; -1 uses every core. Default -1. The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>Total number of patients.</summary>
    public int TotalPatients => WeakPatients + HistologyPatients;

    /// <summary>Throws if a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the exception names it.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(WeakPatients);
        ArgumentOutOfRangeException.ThrowIfNegative(HistologyPatients);
        if (WeakPatients + HistologyPatients < 1 || WeakPatients + HistologyPatients > 100_000)
            throw new ArgumentOutOfRangeException(nameof(HistologyPatients), WeakPatients + HistologyPatients, "The cohort must hold between 1 and 100000 patients.");
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(Slices, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Width, 2048);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Height, 2048);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Slices, 2048);
        if (!(PixelSpacing > 0) || !double.IsFinite(PixelSpacing))
            throw new ArgumentOutOfRangeException(nameof(PixelSpacing), PixelSpacing, "The pixel spacing must be finite and greater than 0.");
        if (!(SliceSpacing > 0) || !double.IsFinite(SliceSpacing))
            throw new ArgumentOutOfRangeException(nameof(SliceSpacing), SliceSpacing, "The slice spacing must be finite and greater than 0.");
        if (!(WeakLabelNoise >= 0 && WeakLabelNoise <= 1))
            throw new ArgumentOutOfRangeException(nameof(WeakLabelNoise), WeakLabelNoise, "The weak label noise is a probability, in [0, 1].");
        if (StageProbabilities is null || StageProbabilities.Count != 5 || StageProbabilities.Any(p => !(p >= 0) || !double.IsFinite(p)) || !(StageProbabilities.Sum() > 0))
            throw new ArgumentOutOfRangeException(nameof(StageProbabilities), StageProbabilities is null ? "null" : string.Join(", ", StageProbabilities),
                "Five finite, non-negative probabilities (F0 to F4) with a positive sum are needed.");
        if (!(NoiseStandardDeviation >= 0 && NoiseStandardDeviation <= 500))
            throw new ArgumentOutOfRangeException(nameof(NoiseStandardDeviation), NoiseStandardDeviation, "The noise level must be in [0, 500] HU.");
        if (MaxDegreeOfParallelism is 0 or < -1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 (every core) or a positive number.");
    }

    /// <summary>A copy, so that a running generation is not affected by later changes.</summary>
    public SyntheticCohortOptions Clone()
    {
        var copy = (SyntheticCohortOptions)MemberwiseClone();
        copy.StageProbabilities = StageProbabilities?.ToArray()!;
        return copy;
    }
}
