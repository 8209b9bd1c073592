namespace Wsp.Models;

// The JSON document inside a model file. Field names are part of the file format: rename nothing without a new
// format version.
internal sealed class ModelManifest
{
    public int FormatVersion { get; set; }
    public string WrittenBy { get; set; } = "";
    public DateTimeOffset CreatedUtc { get; set; }
    public string Protocol { get; set; } = "";
    public EncoderSection Encoder { get; set; } = new();
    public Dictionary<string, string> Preprocessing { get; set; } = new();
    public string Aggregation { get; set; } = "";
    public double Threshold { get; set; }
    public string[] ClassNames { get; set; } = [];
    public ProbeSection? Probe { get; set; }
    public string PretrainingMethod { get; set; } = "";
    public Dictionary<string, string> PretrainingSettings { get; set; } = new();
    public ModelFitSummary? Fit { get; set; }

    internal sealed class EncoderSection
    {
        public string Architecture { get; set; } = "";
        public int InputChannels { get; set; }
        public int TinyNetRepresentationSize { get; set; }
        public int[] ProjectionSizes { get; set; } = [];
        public int ClassCount { get; set; }
        public string WeightsSha256 { get; set; } = "";
    }

    internal sealed class ProbeSection
    {
        public double[] Weights { get; set; } = [];
        public double Intercept { get; set; }
        public double[] Mean { get; set; } = [];
        public double[] Scale { get; set; } = [];
    }
}
