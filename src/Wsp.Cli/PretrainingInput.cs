using System.CommandLine;
using Wsp.Training;
using static TorchSharp.torch;

namespace Wsp.Cli;

/// <summary>The pretraining options <c>wsp pretrain</c> and <c>wsp compare</c> share, read into a <see cref="MethodPretraining"/>.</summary>
internal sealed class PretrainingInput(Option<int> epochs, Option<int> batch, Option<double> learningRate, Option<double> sigma, Option<string> encoder,
    Option<int> seed, Option<int?> threads, Option<string> device)
{
    public static PretrainingInput AddTo(OptionSet options) => new(
        options.Add("--epochs", "Pretraining epochs.", 80),
        options.Add("--batch", "Patients per batch (one slice each, two views).", 64),
        options.Add("--lr", "Peak learning rate (Adam, cosine schedule).", 3e-4),
        options.Add("--sigma", "Width of the Gaussian kernel on slice positions (y-Aware, WSP).", 0.1),
        options.Add("--encoder", "tinynet, resnet18, resnet34 or resnet50.", "tinynet"),
        options.Add("--seed", "Seed of the initial weights, the batches and the augmentations (and of the folds with compare).", 1),
        options.OptionalNumber<int>("--threads", "CPU threads for libtorch (default: libtorch's choice)."),
        options.Add("--device", "cpu, cuda or cuda:N.", "cpu"));

    /// <summary>The sigma given, checked.</summary>
    public double Sigma(ParseResult result) => PretrainCommand.Positive(result.GetValue(sigma), "--sigma");

    /// <summary>Checks the options, applies --threads and resolves the device.</summary>
    public MethodPretraining Create(ParseResult result)
    {
        if (result.GetValue(threads) is { } count)
            set_num_threads(PretrainCommand.AtLeast(count, 1, "--threads"));
        return new MethodPretraining(Architectures.Parse(result.GetValue(encoder)!), PretrainCommand.AtLeast(result.GetValue(epochs), 1, "--epochs"),
            PretrainCommand.AtLeast(result.GetValue(batch), 2, "--batch"), PretrainCommand.Positive(result.GetValue(learningRate), "--lr"), result.GetValue(seed),
            TrainingDevice.Resolve(result.GetValue(device)));
    }
}
