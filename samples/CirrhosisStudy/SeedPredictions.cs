using System.Globalization;
using Wsp.Evaluation;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>
/// One method's pooled out-of-fold predictions on one seed's histology patients, sorted by patient so that two
/// methods of the same cell line up patient by patient.
/// </summary>
/// <param name="Seed">The cohort's seed.</param>
/// <param name="Patients">Patient identifiers, sorted.</param>
/// <param name="Labels">Histology, 0 or 1.</param>
/// <param name="Scores">Out-of-fold probabilities.</param>
/// <param name="Decisions">Decisions at each fold's cut-off (Youden on that fold's training patients).</param>
public sealed record SeedPredictions(int Seed, IReadOnlyList<string> Patients, IReadOnlyList<int> Labels,
    IReadOnlyList<double> Scores, IReadOnlyList<int> Decisions)
{
    /// <summary>The patient AUC of the pooled out-of-fold predictions.</summary>
    public double Auc => BinaryMetrics.RocAuc(Labels, Scores);

    /// <summary>The balanced accuracy of the pooled out-of-fold decisions.</summary>
    public double BalancedAccuracy => BinaryMetrics.BalancedAccuracy(Labels, Decisions);

    /// <summary>Reads a predictions file the cirrhosis sample wrote (fold, patient, label, probability, split).</summary>
    /// <param name="path">The file.</param>
    /// <param name="seed">The cohort's seed.</param>
    /// <exception cref="InvalidDataException">The file is not in that format; the message names the file and line.</exception>
    public static SeedPredictions Read(string path, int seed)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != "fold,patient,label,probability,split")
            throw new InvalidDataException($"{path}: expected the header 'fold,patient,label,probability,split'.");
        var predictions = new List<PatientPrediction>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            if (fields.Length != 5
                || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int fold)
                || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label)
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double probability)
                || fields[4] is not ("test" or "train"))
                throw new InvalidDataException($"{path}, line {i + 1}: expected fold,patient,label,probability,split, found '{lines[i]}'.");
            predictions.Add(new PatientPrediction(fold, fields[1], label, probability, fields[4] == "test"));
        }
        var outOfFold = CrossValidation.OutOfFold(predictions).OrderBy(p => p.PatientId, StringComparer.Ordinal).ToArray();
        return new SeedPredictions(seed, outOfFold.Select(p => p.PatientId).ToArray(), outOfFold.Select(p => p.Label).ToArray(),
            outOfFold.Select(p => p.Probability).ToArray(), outOfFold.Select(p => p.Decision).ToArray());
    }
}
