using System.Globalization;
using System.Text;
using System.Text.Json;
using Wsp.Core.IO;
using Wsp.Models;

namespace Wsp.Cli;

/// <summary>Writes predictions as <c>predictions.csv</c> (one row per patient) and <c>predictions.json</c> (with every slice), atomically.</summary>
internal static class PredictionWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Write(string folder, IReadOnlyList<PatientClassification> predictions, string modelPath, string runtime)
    {
        var csv = new StringBuilder("patient,probability,threshold,predicted_class,class_name,slices\n");
        foreach (PatientClassification p in predictions)
            csv.Append(CultureInfo.InvariantCulture, $"{CsvText.Quote(p.PatientId)},{p.Probability:R},{p.Threshold:R},{p.PredictedClass},{CsvText.Quote(p.ClassName)},{p.Slices.Count}\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "predictions.csv"), csv.ToString());
        var document = new { Model = Path.GetFullPath(modelPath), Runtime = runtime, Patients = predictions };
        AtomicFile.WriteAllText(Path.Combine(folder, "predictions.json"), JsonSerializer.Serialize(document, Json) + "\n");
    }
}
