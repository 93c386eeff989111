using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MultiModal.Models.Encoders;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using static TorchSharp.torch;

namespace MultiModal.Models.Generation;

/// <summary>
/// The course's shipped text-to-image networks: the attribute judge (<see cref="AttributeClassifier"/>, 400 steps on
/// 5,000 real crops, ≈ 20 s) and the two generators of the ablation — matching-aware (GAN-CLS + INT) and plain
/// conditional — each 1,500 steps (≈ 4 minutes on 2 cores, more than a notebook's budget with both). Trained once,
/// shipped in <c>data/models/</c>, regenerated with the same seeds and data by
/// <c>dotnet run -c Release --project lib/MultiModal.Benchmarks -- gan</c>, and loaded through
/// <see cref="ShippedModels.LoadOrTrain"/>.
/// </summary>
public static class PretrainedGan
{
    private const int FormatVersion = 1;

    /// <summary>Training steps of the judge.</summary>
    public const int JudgeSteps = 400;

    /// <summary>Crops per judge step.</summary>
    public const int JudgeBatchSize = 128;

    /// <summary>Real train crops the judge learns from.</summary>
    public const int JudgeScenes = 5000;

    private const int JudgeSeed = 1;
    private const double JudgeLearningRate = 1e-3;

    /// <summary>The shipped (or cached, or now trained) judge for <paramref name="world"/> (an <see cref="ObjectCrops.World"/>).</summary>
    public static AttributeClassifier Judge(SyntheticWorld world, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        return ShippedModels.LoadOrTrain(JudgeFileName(world), "attribute judge",
            load: path => { var judge = new AttributeClassifier(); Checkpoint.LoadInto(judge, path, nameof(AttributeClassifier)); judge.eval(); return judge; },
            train: () =>
            {
                var (judge, history) = TrainJudge(world);
                return (judge, string.Create(CultureInfo.InvariantCulture, $"loss {history.Loss[0]:F3} → {history.Recent():F3}"));
            },
            save: SaveJudge,
            cacheDirectory: cacheDirectory);
    }

    /// <summary>Trains a fresh judge on the first <see cref="JudgeScenes"/> train crops (no cache).</summary>
    public static (AttributeClassifier Judge, LossHistory History) TrainJudge(SyntheticWorld world, bool showProgress = true)
    {
        ArgumentNullException.ThrowIfNull(world);
        using var crops = ObjectCrops.Load(world, Split.Train, JudgeScenes);
        Course.Seed(JudgeSeed);
        var judge = new AttributeClassifier();
        var rng = new Random(JudgeSeed);
        using var optimizer = new MultiModal.Training.Adam(judge.parameters(), JudgeLearningRate);
        var history = Trainer.Train(judge, optimizer, _ =>
        {
            var index = tensor(Enumerable.Range(0, JudgeBatchSize).Select(_ => (long)rng.Next(crops.Count)).ToArray());   // (B)
            return judge.Loss(crops.Images.index_select(0, index), crops.Shapes.index_select(0, index),
                crops.Colors.index_select(0, index), crops.Sizes.index_select(0, index));   // []
        }, new TrainerConfig(Steps: JudgeSteps, Seed: JudgeSeed, Label: "training the attribute judge", ShowProgress: showProgress));
        judge.eval();
        return (judge, history);
    }

    /// <summary>
    /// The shipped (or cached, or now trained) generator for <paramref name="world"/>, the sentence encoder's
    /// <paramref name="vectors"/> and exactly these settings; <see cref="GanTrainingConfig.MatchingAware"/> picks which
    /// of the ablation's two.
    /// </summary>
    public static TextToImageGenerator Generator(SyntheticWorld world, WordVectors vectors, GanTrainingConfig? training = null,
        TextToImageGanConfig? config = null, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(vectors);
        training ??= new GanTrainingConfig();
        config ??= new TextToImageGanConfig(TextDim: vectors.Dim);
        training.Validate();
        config.Validate();
        var what = training.MatchingAware ? "matching-aware text-to-image generator" : "plain conditional text-to-image generator";
        return ShippedModels.LoadOrTrain(GeneratorFileName(world, vectors, training, config), what,
            load: path => LoadGenerator(path, config),
            train: () =>
            {
                var (gan, history) = Train(world, vectors, training, config);
                gan.Discriminator.Dispose();
                return (gan.Generator, string.Create(CultureInfo.InvariantCulture, $"discriminator loss {history.Loss[0]:F3} → {history.Recent():F3}"));
            },
            save: SaveGenerator,
            cacheDirectory: cacheDirectory);
    }

    /// <summary>Trains both players from scratch on the first <see cref="GanTrainingConfig.Scenes"/> train crops (no cache).</summary>
    public static (TextToImageGan Gan, LossHistory History) Train(SyntheticWorld world, WordVectors vectors, GanTrainingConfig? training = null,
        TextToImageGanConfig? config = null, bool showProgress = true)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(vectors);
        training ??= new GanTrainingConfig();
        config ??= new TextToImageGanConfig(TextDim: vectors.Dim);
        training.Validate();
        using var crops = ObjectCrops.Load(world, Split.Train, training.Scenes);
        using var encoder = new SentenceEncoder(vectors);
        using var text = encoder.Encode(crops.Descriptions);                          // (n, d)
        Course.Seed(training.Seed);
        var gan = new TextToImageGan(config);
        var label = training.MatchingAware ? "training the matching-aware GAN" : "training the plain conditional GAN";
        var history = gan.Fit(crops, text, training, label, showProgress: showProgress);
        return (gan, history);
    }

    /// <summary><c>gan-judge-&lt;hash&gt;.ckpt</c>, the hash covering the world and the judge's training.</summary>
    public static string JudgeFileName(SyntheticWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return $"gan-judge-{Hash(new { FormatVersion, WorldSeed = world.Seed, Scenes = world.Config.Scenes.ImageKey(), JudgeSteps, JudgeBatchSize, JudgeScenes, JudgeSeed, JudgeLearningRate })}.ckpt";
    }

    /// <summary><c>gan-generator-{cls|plain}-&lt;hash&gt;.ckpt</c>, the hash covering the world, the word vectors' values and every setting.</summary>
    public static string GeneratorFileName(SyntheticWorld world, WordVectors vectors, GanTrainingConfig? training = null, TextToImageGanConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(vectors);
        training ??= new GanTrainingConfig();
        config ??= new TextToImageGanConfig(TextDim: vectors.Dim);
        var words = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(vectors.Vectors.ToFloats().AsSpan())))[..16];
        var hash = Hash(new { FormatVersion, WorldSeed = world.Seed, Scenes = world.Config.Scenes.ImageKey(), Words = words, Training = training, Config = config });
        return $"gan-generator-{(training.MatchingAware ? "cls" : "plain")}-{hash}.ckpt";
    }

    /// <summary>Writes a judge (what <see cref="Judge"/> reads back).</summary>
    public static void SaveJudge(AttributeClassifier judge, string path)
    {
        ArgumentNullException.ThrowIfNull(judge);
        Checkpoint.Save(judge, path, nameof(AttributeClassifier), "{}");
    }

    /// <summary>Writes a generator with its config in the header.</summary>
    public static void SaveGenerator(TextToImageGenerator generator, string path)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Checkpoint.Save(generator, path, nameof(TextToImageGenerator), JsonSerializer.Serialize(generator.Config));
    }

    private static TextToImageGenerator LoadGenerator(string path, TextToImageGanConfig expected)
    {
        var (kind, json) = Checkpoint.ReadHeader(path);
        if (kind != nameof(TextToImageGenerator)) throw new InvalidDataException($"'{path}' holds a {kind}, not a {nameof(TextToImageGenerator)}.");
        TextToImageGanConfig? stored;
        try { stored = JsonSerializer.Deserialize<TextToImageGanConfig>(json); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' has an unreadable GAN config ({json}).", e); }
        if (stored != expected)
            throw new InvalidDataException($"'{path}' holds a generator built with {stored}, but {expected} was asked for.");
        var generator = new TextToImageGenerator(expected);
        Checkpoint.LoadInto(generator, path, nameof(TextToImageGenerator));
        generator.eval();
        return generator;
    }

    private static string Hash(object key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(key))))[..16].ToLowerInvariant();
}
