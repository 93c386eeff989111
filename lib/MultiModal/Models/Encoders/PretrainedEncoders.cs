using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Models.Encoders;

/// <summary>
/// The course's "pre-trained" image encoder. The papers start from a CNN pre-trained on ImageNet; we cannot download
/// one, so we pre-train our own <see cref="Encoders.ImageEncoder"/> on the world's scenes with a
/// <see cref="GridPretrainingHead"/> that predicts, for every cell of the 8×8 grid, what covers that region of the
/// image (<see cref="CellLabels"/>: shape, colour, size of the object there, or the place) — for a fixed seed and budget. The checkpoint is cached in
/// <see cref="CacheFolder"/> under a name that hashes the world and the settings, so every notebook that needs the
/// encoder gets the same one and only the first pays for training.
/// <code>
/// var encoder = PretrainedEncoders.ImageEncoder(world);   // loads artifacts/cache/image-encoder-….ckpt or trains it
/// </code>
/// A damaged or mismatched cache file is reported and replaced by training again.
/// </summary>
public static class PretrainedEncoders
{
    private const int FormatVersion = 3;

    /// <summary>
    /// The per-cell pre-training labels, in <see cref="CellLabels"/> order: every shape, colour and size word,
    /// "object" (any object) and every place word (background).
    /// </summary>
    public static IReadOnlyList<string> LabelNames { get; } =
        [.. Attributes.Shapes.Select(Attributes.Word), .. Attributes.Colors.Select(Attributes.Word), .. Attributes.Sizes.Select(Attributes.Word),
         "object", .. Attributes.Places.Select(Attributes.Word)];

    /// <summary>Number of labels per cell.</summary>
    public static int NumLabels => LabelNames.Count;

    /// <summary>
    /// Soft per-cell targets of a rendered scene, (gridSize², <see cref="NumLabels"/>) row-major over cells: for each
    /// cell of the gridSize × gridSize grid laid over the image, the fraction of its pixels covered by an object with
    /// that shape / colour / size, by any object ("object"), and by the background of that place. Learning these makes
    /// each grid cell of the feature map say what is in its own region — what soft attention needs.
    /// </summary>
    public static float[] CellLabels(RenderedScene frame, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (gridSize < 1 || frame.Size % gridSize != 0)
            throw new ArgumentException($"gridSize must divide the image size {frame.Size}, got {gridSize}.", nameof(gridSize));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < LabelNames.Count; i++) index[LabelNames[i]] = i;
        var objectLabels = frame.Scene.Objects
            .Select(o => new[] { index[Attributes.Word(o.Shape)], index[Attributes.Word(o.Color)], index[Attributes.Word(o.Size)], index["object"] })
            .ToArray();
        int? placeLabel = frame.Scene.Place == Place.Plain ? null : index[Attributes.Word(frame.Scene.Place)];
        var cell = frame.Size / gridSize;
        var share = 1f / (cell * cell);
        var y = new float[gridSize * gridSize * NumLabels];
        for (var row = 0; row < frame.Size; row++)
            for (var col = 0; col < frame.Size; col++)
            {
                var offset = ((row / cell) * gridSize + col / cell) * NumLabels;
                var id = frame.Instances[row * frame.Size + col];
                if (id > 0) foreach (var label in objectLabels[id - 1]) y[offset + label] += share;
                else if (placeLabel is { } p) y[offset + p] += share;
            }
        return y;
    }

    /// <summary>
    /// The pre-trained encoder for <paramref name="world"/>: loaded from the cache if a valid checkpoint is there, else
    /// from the copy shipped with the course in <c>data/models/</c> (<see cref="ShippedFolder"/>; same file name, so
    /// only for exactly this world and config), otherwise pre-trained (<see cref="Pretrain"/>, about 8 minutes on
    /// 2 CPU cores with the defaults) and saved to the cache. Prints one line saying which happened.
    /// </summary>
    /// <param name="world">The world whose train split the encoder learns from.</param>
    /// <param name="config">Budget and architecture (defaults: <see cref="EncoderPretrainingConfig"/>).</param>
    /// <param name="cacheDirectory">Where to look and save (default <see cref="CacheFolder.Path"/>).</param>
    /// <returns>The encoder in evaluation mode (its weights are frozen by the captioning models that use it).</returns>
    public static ImageEncoder ImageEncoder(SyntheticWorld world, EncoderPretrainingConfig? config = null, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        config ??= new EncoderPretrainingConfig();
        config.Validate();
        var path = CachePath(world, config, cacheDirectory);
        return ShippedModels.LoadOrTrain(Path.GetFileName(path), "image encoder",
            load: file =>
            {
                var loaded = Encoders.ImageEncoder.Load(file, config.Architecture);
                loaded.eval();
                return loaded;
            },
            train: () =>
            {
                var (encoder, history) = Pretrain(world, config);
                return (encoder, string.Create(CultureInfo.InvariantCulture, $"loss {history.Loss[0]:F3} → {history.Recent():F3}"));
            },
            save: (encoder, file) => encoder.Save(file),
            cacheDirectory: cacheDirectory);
    }

    /// <summary>
    /// Where the course ships pre-trained encoders: <see cref="ShippedModels.Folder"/> (<c>data/models/</c>). They are
    /// regenerated reproducibly by <c>dotnet run -c Release --project lib/MultiModal.Benchmarks -- encoder</c>.
    /// </summary>
    public static string? ShippedFolder => ShippedModels.Folder;

    /// <summary>
    /// The cache file for this world and config: <c>image-encoder-&lt;hash&gt;.ckpt</c>, where the hash covers the world's
    /// seed and scene settings and every field of <paramref name="config"/>.
    /// </summary>
    public static string CachePath(SyntheticWorld world, EncoderPretrainingConfig? config = null, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        config ??= new EncoderPretrainingConfig();
        var key = JsonSerializer.Serialize(new
        {
            FormatVersion,
            WorldSeed = world.Seed,
            WorldScenes = world.Config.Scenes.ImageKey(),                                  // captions do not change the images
            config.Scenes,
            config.Steps,
            config.BatchSize,
            config.LearningRate,
            config.Seed,
            Architecture = config.Architecture.ToString(),
            Labels = string.Join(",", LabelNames),
            Head = nameof(GridPretrainingHead),
        });
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        return Path.Combine(cacheDirectory ?? CacheFolder.Path, $"image-encoder-{hash}.ckpt");
    }

    /// <summary>
    /// Pre-trains a fresh encoder (no cache): renders <see cref="EncoderPretrainingConfig.Scenes"/> train scenes once, then
    /// trains encoder + <see cref="GridPretrainingHead"/> with binary cross-entropy on <see cref="CellLabels"/> through the
    /// <see cref="Trainer"/>. Deterministic for a given seed on one machine and thread count.
    /// </summary>
    /// <returns>The encoder (evaluation mode) and the loss of every step.</returns>
    public static (ImageEncoder Encoder, LossHistory History) Pretrain(SyntheticWorld world, EncoderPretrainingConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        config ??= new EncoderPretrainingConfig();
        config.Validate();
        var frames = world.Scenes.Stream(Split.Train, 0, config.Scenes).Select(SceneRenderer.Render).ToArray();
        var grid = config.Architecture.GridSize;
        using var images = Batches.Images(frames);                                            // (scenes, 3, 64, 64)
        using var labels = Batches.Vectors(frames.Select(f => CellLabels(f, grid)).ToArray()); // (scenes, numPixels · numLabels)
        using var targets = labels.reshape(frames.Length, grid * grid, NumLabels);           // (scenes, numPixels, numLabels)
        Course.Seed(config.Seed);
        var encoder = new ImageEncoder(config.Architecture);
        var head = new GridPretrainingHead(encoder, NumLabels);
        using var optimizer = new MultiModal.Training.Adam(head.parameters(), config.LearningRate);
        var order = new Random(config.Seed);
        var history = Trainer.Train(head, optimizer, _ =>
        {
            var rows = tensor(Enumerable.Range(0, config.BatchSize).Select(_ => (long)order.Next(config.Scenes)).ToArray()); // (batch)
            return head.Loss(images.index_select(0, rows), targets.index_select(0, rows));   // []
        }, new TrainerConfig(Steps: config.Steps, Label: "pre-training the image encoder"));
        head.DisposeHead();
        encoder.eval();
        return (encoder, history);
    }
}
