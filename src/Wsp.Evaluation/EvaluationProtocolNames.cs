namespace Wsp.Evaluation;

/// <summary>Names of <see cref="EvaluationProtocol"/> for tables, charts and file names.</summary>
public static class EvaluationProtocolNames
{
    /// <summary>"linear probe" or "fine-tuning".</summary>
    /// <param name="protocol">The protocol.</param>
    public static string DisplayName(this EvaluationProtocol protocol) => protocol switch
    {
        EvaluationProtocol.LinearProbe => "linear probe",
        EvaluationProtocol.FineTuning => "fine-tuning",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown evaluation protocol."),
    };
}
