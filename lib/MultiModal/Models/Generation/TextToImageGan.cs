using MultiModal.Tensors;
using MultiModal.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Models.Generation;

/// <summary>
/// The two players of Reed et al.'s text-to-image GAN and their one training loop (<see cref="Fit"/>): every step
/// updates the discriminator once on real/right, real/wrong (GAN-CLS) and generated/right pairs, then the generator
/// once on its images for the batch's sentences and, with GAN-INT, for midpoints between two sentences.
/// </summary>
public sealed class TextToImageGan : IDisposable
{
    /// <summary>Fresh players (weights from the current seed: call <see cref="Course.Seed"/> first, or let <see cref="Fit"/>'s seed do it).</summary>
    public TextToImageGan(TextToImageGanConfig? config = null)
    {
        Config = config ?? new TextToImageGanConfig();
        Config.Validate();
        Generator = new TextToImageGenerator(Config);
        Discriminator = new MatchingDiscriminator(Config);
    }

    /// <summary>The sizes.</summary>
    public TextToImageGanConfig Config { get; }

    /// <summary>G(z, φ).</summary>
    public TextToImageGenerator Generator { get; }

    /// <summary>D(x, φ).</summary>
    public MatchingDiscriminator Discriminator { get; }

    /// <summary>
    /// Trains both players on <paramref name="data"/> with sentence embeddings <paramref name="text"/> (n, TextDim), one row
    /// per crop, through the course's <see cref="Trainer"/> (a dispose scope per step, its divergence check: a NaN loss
    /// stops training with a message). The returned history's main curve is the discriminator's loss; the generator's
    /// loss is its "generator" series (the mean of every 10 steps). <paramref name="afterStep"/> runs after each step
    /// with its 1-based number (e.g. to keep a snapshot of a fixed sample grid).
    /// </summary>
    public LossHistory Fit(ObjectCrops data, Tensor text, GanTrainingConfig? training = null, string label = "training the GAN",
        int liveChartEvery = 0, bool showProgress = true, Action<int>? afterStep = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(text);
        training ??= new GanTrainingConfig();
        training.Validate();
        if (data.Count != training.Scenes)
            throw new ArgumentException($"GanTrainingConfig.Scenes is {training.Scenes} but the data holds {data.Count} crops: load ObjectCrops with count = training.Scenes.", nameof(training));
        if (text.dim() != 2 || text.shape[0] != data.Count || text.shape[1] != Config.TextDim)
            throw new ArgumentException($"expected one sentence embedding per crop, shape ({data.Count}, {Config.TextDim}), got {text.ShapeText()}; encode data.Descriptions with a SentenceEncoder.", nameof(text));
        if (data.Descriptions.Distinct().Count() < 2 && training.MatchingAware)
            throw new ArgumentException("the matching-aware loss needs wrong sentences, but every crop has the same description; use more crops or GanTrainingConfig.MatchingAware = false.", nameof(data));
        var rng = new Random(training.Seed);
        Course.Seed(training.Seed);                                                   // the noise; the weights are the caller's
        using var optimizerG = new MultiModal.Training.Adam(Generator.parameters(), training.LearningRate, training.Beta1, 0.999);
        using var optimizerD = new MultiModal.Training.Adam(Discriminator.parameters(), training.LearningRate, training.Beta1, 0.999);
        Generator.train();
        Discriminator.train();
        var history = new LossHistory();
        var generatorLosses = new List<double>();
        var b = training.BatchSize;
        Trainer.Run(step =>
        {
            var (right, wrong) = Pairs(rng, data.Descriptions, b);
            var rightIndex = tensor(right);                                           // (B)
            var wrongIndex = tensor(wrong);                                           // (B)
            var x = data.Images.index_select(0, rightIndex);                          // (B, 3, 32, 32) real
            var h = text.index_select(0, rightIndex);                                 // (B, d) right sentences
            var hWrong = text.index_select(0, wrongIndex);                            // (B, d) other crops' sentences
            var fake = Generator.call(randn(b, Config.NoiseDim), h);                  // (B, 3, 32, 32)

            var sReal = Discriminator.call(x, h);                                     // (B)
            var sFake = Discriminator.call(fake.detach(), h);                         // (B)
            var sWrong = training.MatchingAware ? Discriminator.call(x, hWrong) : null;   // (B) or none
            var lossD = GanLosses.Discriminator(sReal, sWrong, sFake);                // []
            optimizerD.zero_grad();
            lossD.backward();
            optimizerD.step();

            var lossG = GanLosses.Generator(Discriminator.call(fake, h));             // []
            if (training.Interpolation)
            {
                var hMid = GanLosses.Interpolate(h, hWrong);                          // (B, d): no real image has it
                var fakeMid = Generator.call(randn(b, Config.NoiseDim), hMid);        // (B, 3, 32, 32)
                lossG = lossG.Plus(GanLosses.Generator(Discriminator.call(fakeMid, hMid)));   // []
            }
            optimizerG.zero_grad();
            lossG.backward();
            optimizerG.step();

            generatorLosses.Add(lossG.item<float>());
            if (generatorLosses.Count == 10)
            {
                history.Record("generator", step + 1, generatorLosses.Average());
                generatorLosses.Clear();
            }
            afterStep?.Invoke(step + 1);
            return lossD;
        }, new TrainerConfig(Steps: training.Steps, Label: label, LiveChartEvery: liveChartEvery, ShowProgress: showProgress), history);
        Generator.eval();
        return history;
    }

    /// <summary>B random crops and, for each, another crop with a different description (its "wrong" sentence).</summary>
    private static (long[] Right, long[] Wrong) Pairs(Random rng, IReadOnlyList<string> descriptions, int count)
    {
        var right = new long[count];
        var wrong = new long[count];
        for (var i = 0; i < count; i++)
        {
            right[i] = rng.Next(descriptions.Count);
            do wrong[i] = rng.Next(descriptions.Count);
            while (descriptions[(int)wrong[i]] == descriptions[(int)right[i]]);
        }
        return (right, wrong);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
    }
}
