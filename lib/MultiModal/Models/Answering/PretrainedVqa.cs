using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MultiModal.Models.Encoders;
using MultiModal.Training;
using MultiModal.World;
using static TorchSharp.torch;

namespace MultiModal.Models.Answering;

/// <summary>
/// Training VQA models, and the course's shipped <see cref="StackedAttentionVqa"/>: attention over ten kinds of question
/// needs about 5,000 steps of 256 rows (≈ 10 minutes on 2 cores), more than a notebook's budget, so the course trains it
/// once, ships it in <c>data/models/</c> (regenerated, with the same seed and data, by
/// <c>dotnet run -c Release --project lib/MultiModal.Benchmarks -- vqa</c>) and <see cref="Load"/>s it. The lecture's
/// pooled model and the baselines train in the notebook with the same <see cref="Fit"/>.
/// </summary>
public static class PretrainedVqa
{
    private const int FormatVersion = 2;

    /// <summary>The checkpoint kind of a stacked-attention model.</summary>
    public const string CheckpointKind = nameof(StackedAttentionVqa);

    /// <summary>
    /// Trains <paramref name="model"/> on random rows of <paramref name="train"/> (cross-entropy, Adam) through the
    /// <see cref="Trainer"/>: <see cref="VqaTrainingConfig.Steps"/> steps of <see cref="VqaTrainingConfig.BatchSize"/> rows,
    /// seeded by <see cref="VqaTrainingConfig.Seed"/>. <see cref="VqaTrainingConfig.Scenes"/> must match the scenes of
    /// <paramref name="train"/>, so the setting is never silently ignored.
    /// </summary>
    public static LossHistory Fit(VqaModel model, AnsweredScenes train, VqaTrainingConfig training, string label = "training VQA", int liveChartEvery = 0, bool showProgress = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(training);
        training.Validate();
        if (train.Samples.Count != training.Scenes)
            throw new ArgumentException($"VqaTrainingConfig.Scenes is {training.Scenes} but the training data holds {train.Samples.Count} scenes: load AnsweredScenes with count = training.Scenes.", nameof(training));
        var rng = new Random(training.Seed);
        using var optimizer = new MultiModal.Training.Adam(model.parameters(), training.LearningRate);
        return Trainer.Train(model, optimizer, _ =>
        {
            var (features, questions, lengths, answers) = train.Batch(rng, training.BatchSize);   // (B, C, g, g), (B, maxLen), (B,), (B,)
            return model.Loss(features, questions, lengths, answers);                             // [] cross-entropy
        }, new TrainerConfig(Steps: training.Steps, Seed: training.Seed, Label: label, LiveChartEvery: liveChartEvery, ShowProgress: showProgress));
    }

    /// <summary>
    /// The shipped stacked-attention model for <paramref name="world"/> and <paramref name="encoder"/>: cached, shipped
    /// (exactly these settings and encoder weights) or trained now (<see cref="ShippedModels.LoadOrTrain"/>).
    /// </summary>
    public static StackedAttentionVqa Load(SyntheticWorld world, ImageEncoder encoder, VqaConfig? config = null, VqaTrainingConfig? training = null,
        string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        config ??= new VqaConfig();
        training ??= new VqaTrainingConfig();
        config.Validate();
        training.Validate();
        return ShippedModels.LoadOrTrain(FileName(world, encoder, config, training), "stacked-attention VQA model",
            load: path => LoadFile(path, encoder.EncoderDim, config),
            train: () =>
            {
                var (model, history) = Train(world, encoder, config, training);
                return (model, string.Create(CultureInfo.InvariantCulture, $"loss {history.Loss[0]:F3} → {history.Recent():F3}"));
            },
            save: Save,
            cacheDirectory: cacheDirectory);
    }

    /// <summary>Trains a fresh stacked-attention model on the first <see cref="VqaTrainingConfig.Scenes"/> train scenes (no cache).</summary>
    public static (StackedAttentionVqa Model, LossHistory History) Train(SyntheticWorld world, ImageEncoder encoder, VqaConfig? config = null, VqaTrainingConfig? training = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        training ??= new VqaTrainingConfig();
        training.Validate();
        using var train = AnsweredScenes.Cached(world, encoder, Split.Train, training.Scenes);
        Course.Seed(training.Seed);
        var model = new StackedAttentionVqa(encoder.EncoderDim, config);
        var history = Fit(model, train, training, "training the stacked-attention VQA model");
        return (model, history);
    }

    /// <summary>
    /// The file name: <c>vqa-stacked-attention-&lt;hash&gt;.ckpt</c>, the hash covering the world (seed, images, question
    /// settings, the questions' words and answers), the encoder's weights and every field of both configs.
    /// </summary>
    public static string FileName(SyntheticWorld world, ImageEncoder encoder, VqaConfig? config = null, VqaTrainingConfig? training = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        var key = JsonSerializer.Serialize(new
        {
            FormatVersion,
            WorldSeed = world.Seed,
            Scenes = world.Config.Scenes.ImageKey(),
            world.Config.Scenes.QuestionsPerScene,
            world.QuestionGenerator.RelationMargin,
            Words = string.Join(",", Vocabulary.Questions.Tokens),
            Answers = string.Join(",", QuestionGenerator.Answers),
            Encoder = FeatureCache.Fingerprint(encoder),
            Config = config ?? new VqaConfig(),
            Training = training ?? new VqaTrainingConfig(),
        });
        return $"vqa-stacked-attention-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant()}.ckpt";
    }

    /// <summary>Writes a stacked-attention model with its config in the header (what <see cref="Load"/> reads back).</summary>
    public static void Save(StackedAttentionVqa model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        Checkpoint.Save(model, path, CheckpointKind, JsonSerializer.Serialize(model.Config));
    }

    private static StackedAttentionVqa LoadFile(string path, int encoderDim, VqaConfig expected)
    {
        var (kind, json) = Checkpoint.ReadHeader(path);
        if (kind != CheckpointKind) throw new InvalidDataException($"'{path}' holds a {kind}, not a {CheckpointKind}.");
        VqaConfig? stored;
        try { stored = JsonSerializer.Deserialize<VqaConfig>(json); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' has an unreadable VQA config ({json}).", e); }
        if (stored != expected)
            throw new InvalidDataException($"'{path}' holds a model built with {stored}, but {expected} was asked for.");
        var model = new StackedAttentionVqa(encoderDim, expected);
        Checkpoint.LoadInto(model, path, CheckpointKind);
        return model;
    }
}
