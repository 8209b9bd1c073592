using TorchSharp;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>
/// Trains the classifier head of a <see cref="SliceEncoder"/> on labelled slices, either on a frozen backbone
/// (linear evaluation: the backbone stays in evaluation mode and untouched) or end to end (fine-tuning),
/// with class-weighted cross-entropy; and predicts positive-class probabilities.
/// </summary>
public sealed class ClassifierTrainer : IDisposable
{
    private readonly SliceEncoder _encoder;
    private readonly ClassifierOptions _options;
    private readonly TorchSharp.Modules.OptimizerHelper _optimizer;
    private readonly LearningRateSchedule _schedule;

    /// <summary>Creates the trainer.</summary>
    /// <param name="encoder">The encoder, usually pretrained.</param>
    /// <param name="options">Epochs, learning rate, frozen or fine-tuned.</param>
    public ClassifierTrainer(SliceEncoder encoder, ClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _options = options?.Clone() ?? new ClassifierOptions();
        _options.Validate();
        _encoder = encoder;
        var trained = _options.FreezeBackbone ? encoder.ClassifierHead.parameters() : encoder.parameters();
        _optimizer = OptimizerFactory.Create(_options.Optimizer, trained, _options.LearningRate, _options.WeightDecay);
        _schedule = _options.Schedule();
    }

    /// <summary>Class weights inversely proportional to class frequency: n / (classes x count), as scikit-learn's "balanced".</summary>
    /// <param name="labels">Training labels.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <exception cref="ArgumentException">A class is absent or a label is out of range.</exception>
    public static double[] BalancedClassWeights(IReadOnlyList<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[classCount];
        foreach (int label in labels)
        {
            if (label < 0 || label >= classCount)
                throw new ArgumentException($"Label {label} is outside the {classCount} classes.", nameof(labels));
            counts[label]++;
        }
        int missing = Array.IndexOf(counts, 0);
        if (missing >= 0)
            throw new ArgumentException($"Class {missing} has no training sample; a fold needs every class.", nameof(labels));
        return counts.Select(c => (double)labels.Count / (classCount * c)).ToArray();
    }

    /// <summary>Trains for the configured epochs; returns the mean loss of each epoch.</summary>
    /// <param name="batchesForEpoch">Images [B, C, H, W] and integer labels [B] of each epoch, on the encoder's device.</param>
    /// <param name="classWeights">Cross-entropy weight of each class (see <see cref="BalancedClassWeights"/>).</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task<IReadOnlyList<double>> TrainAsync(Func<int, IAsyncEnumerable<(Tensor Images, Tensor Labels)>> batchesForEpoch,
        IReadOnlyList<double> classWeights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchesForEpoch);
        ArgumentNullException.ThrowIfNull(classWeights);
        if (classWeights.Count != _encoder.ClassCount)
            throw new ArgumentException($"{classWeights.Count} class weights for a classifier of {_encoder.ClassCount} classes.", nameof(classWeights));
        var losses = new List<double>();
        Tensor head = _encoder.ClassifierHead.parameters().First();
        using Tensor weights = tensor(classWeights.Select(w => (float)w).ToArray(), device: head.device).to(head.dtype);
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            _schedule.Apply(_optimizer, epoch);
            SetModes();
            double sum = 0;
            int steps = 0;
            await foreach (var (images, labels) in batchesForEpoch(epoch).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                sum += Step(images, labels, weights, epoch, steps + 1);
                steps++;
            }
            if (steps == 0)
                throw new InvalidOperationException($"Epoch {epoch + 1} produced no batch.");
            losses.Add(sum / steps);
        }
        return losses;
    }

    /// <summary>
    /// The probability of class <paramref name="positiveClass"/> for each slice, in order, computed in evaluation
    /// mode; the encoder's previous mode (training or evaluation) is restored afterwards, even on failure.
    /// </summary>
    /// <param name="imageBatches">Batches of images [B, C, H, W].</param>
    /// <param name="positiveClass">The class whose probability is returned: 1 (the positive class of a binary task) by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">The class is outside the classifier's classes.</exception>
    public double[] PredictProbabilities(IEnumerable<Tensor> imageBatches, int positiveClass = 1)
    {
        ArgumentNullException.ThrowIfNull(imageBatches);
        if (positiveClass < 0 || positiveClass >= _encoder.ClassCount)
            throw new ArgumentOutOfRangeException(nameof(positiveClass), positiveClass, $"The classifier has classes 0..{_encoder.ClassCount - 1}.");
        bool wasTraining = _encoder.training;
        bool backboneWasTraining = _encoder.Backbone.training;
        _encoder.eval();
        try
        {
            var probabilities = new List<double>();
            using var noGrad = no_grad();
            foreach (Tensor images in imageBatches)
            {
                using var scope = NewDisposeScope();
                Tensor positive = nn.functional.softmax(_encoder.Classify(images).to(ScalarType.Float64), 1)[.., positiveClass].cpu();
                probabilities.AddRange(positive.data<double>().ToArray());
            }
            return probabilities.ToArray();
        }
        finally
        {
            _encoder.train(wasTraining);
            if (!backboneWasTraining) _encoder.Backbone.eval();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _optimizer.Dispose();

    private void SetModes()
    {
        _encoder.train();
        if (_options.FreezeBackbone)
            _encoder.Backbone.eval(); // frozen: batch-norm statistics stay as pretrained
    }

    private double Step(Tensor images, Tensor labels, Tensor classWeights, int epoch, int step)
    {
        using var scope = NewDisposeScope();
        if (labels.dim() != 1 || labels.shape[0] != images.shape[0])
            throw new ArgumentException($"Expected one label per image: {images.shape[0]} images, labels of shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        // One host read per step: the labels are checked before the weighted loss would index with them.
        if (labels.lt(0).logical_or_(labels.ge(_encoder.ClassCount)).any().item<bool>())
            throw new ArgumentException($"A label is outside the classifier's {_encoder.ClassCount} classes (0..{_encoder.ClassCount - 1}).", nameof(labels));
        _optimizer.zero_grad();
        Tensor logits = _options.FreezeBackbone ? ClassifyFrozen(images) : _encoder.Classify(images);
        Tensor loss = nn.functional.cross_entropy(logits, labels.to(ScalarType.Int64), weight: classWeights);
        loss.backward();
        (double value, string? parameter) = NonFiniteGradient.Check(loss, _encoder);
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"The classification loss became {value} at epoch {epoch + 1}, step {step}; lower the learning rate or check the inputs.");
        if (parameter is not null)
            throw new InvalidOperationException($"The gradient of {parameter} holds NaN or infinity at epoch {epoch + 1}, step {step}, " +
                $"with a finite loss ({value:G6}); the step was not applied. Lower the learning rate or check the inputs.");
        _optimizer.step();
        return value;
    }

    private Tensor ClassifyFrozen(Tensor images)
    {
        Tensor representation;
        using (no_grad())
            representation = _encoder.Represent(images);
        return _encoder.ClassifierHead.call(representation);
    }
}
