using Wsp.Evaluation;
using Wsp.Models;
using Wsp.Onnx.Protobuf;
using static Wsp.Onnx.GraphBuilder;

namespace Wsp.Onnx;

/// <summary>
/// The nodes of a patient classifier's slice outputs, computed in float64 as <see cref="PatientClassifier.Predict(Wsp.Data.Volumes.SliceStack)"/>
/// computes them, then stored as float32. Each returns the float64 (slice logit, slice probability) values [batch].
/// </summary>
internal static class PatientHeads
{
    private const long Float32 = (long)TensorProto.Types.DataType.Float, Float64 = (long)TensorProto.Types.DataType.Double;

    /// <summary>
    /// The probe's decision w · (x - mean) / scale + b as one Gemm, w' = w / scale and b' = b - sum(w mean / scale), in
    /// float64: folded, the two terms nearly cancel when the features vary little around their mean, which float32 would not survive.
    /// </summary>
    public static (string Logit, string Probability) Probe(GraphBuilder graph, LogisticRegressionProbe probe, string representation)
    {
        double[] weights = probe.Weights.Select((w, j) => w / probe.Scale[j]).ToArray();
        double bias = probe.Intercept - probe.Weights.Select((w, j) => w * probe.Mean[j] / probe.Scale[j]).Sum();
        string features = graph.Node("Cast", "probe.cast", [representation], Int("to", Float64));
        string gemm = graph.Node("Gemm", "probe", [features, graph.Initializer("probe.weight", weights, [1, weights.Length]), graph.Initializer("probe.bias", [bias], [1])],
            Int("transB", 1));
        string logit = graph.Node("Reshape", "probe.logit", [gemm, graph.Initializer("probe.shape", [-1L], [1])]);
        return (logit, graph.Node("Sigmoid", "probe.probability", [logit]));
    }

    /// <summary>
    /// The fine-tuned head: softmax over the classifier's logits in float64, the positive class's column as the probability, and
    /// its logit log(p1 / (1 - p1)) = l1 - logsumexp of the other classes (l1 - l0 with two classes).
    /// </summary>
    public static (string Logit, string Probability) FineTuned(GraphBuilder graph, string logits, int classCount)
    {
        string wide = graph.Node("Cast", "head.cast", [logits], Int("to", Float64));
        string softmax = graph.Node("Softmax", "head.softmax", [wide], Int("axis", 1));
        string one = graph.Initializer("head.positive", [1L], []);
        string probability = graph.Node("Gather", "head.probability", [softmax, one], Int("axis", 1));
        string positive = graph.Node("Gather", "head.positive_logit", [wide, one], Int("axis", 1));
        long[] others = Enumerable.Range(0, classCount).Where(c => c != 1).Select(c => (long)c).ToArray();
        string rest = classCount == 2
            ? graph.Node("Gather", "head.negative_logit", [wide, graph.Initializer("head.negative", [0L], [])], Int("axis", 1))
            : graph.Node("ReduceLogSumExp", "head.negative_logit",
                [graph.Node("Gather", "head.other_logits", [wide, graph.Initializer("head.others", others, [others.Length])], Int("axis", 1))],
                Ints("axes", [1]), Int("keepdims", 0));
        return (graph.Node("Sub", "head.logit", [positive, rest]), probability);
    }

    /// <summary>A float64 value as a float32 graph output.</summary>
    public static void Output(GraphBuilder graph, string value, string output) =>
        graph.Rename(graph.Node("Cast", output + ".cast", [value], Int("to", Float32)), output);
}
