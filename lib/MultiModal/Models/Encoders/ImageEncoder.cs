using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiModal.Training;
using MultiModal.Tensors;

namespace MultiModal.Models.Encoders;

/// <summary>
/// The course's image encoder: a small CNN that turns a 64×64 RGB image into a <b>spatial feature map</b>
/// (an 8×8 grid of 128-dimensional vectors, one per image region) and, by average pooling, into <b>one vector</b>.
/// <para>Show, Attend and Tell attends over the grid; Show and Tell, image tagging and the other "one vector" models
/// use the pooled vector. The paper's grid is 14×14 because it feeds 224×224 images through VGG (224 / 16 = 14);
/// our images are 64×64 and pass three stride-2 stages, so the grid is 64 / 2³ = 8×8 — each cell sees an 8×8-pixel
/// patch, fine enough to tell the objects of a synthetic scene apart while staying fast on 2 CPU cores.</para>
/// <para>Each stage: 3×3 conv → GroupNorm → ReLU → 3×3 conv with stride 2 → GroupNorm → ReLU. GroupNorm instead of
/// BatchNorm: no running statistics, so training and evaluation mode compute the same function and a frozen encoder
/// stays frozen.</para>
/// <para>The course "pre-trains" it on its own data — <see cref="PretrainedEncoders"/> trains it with a
/// <see cref="GridPretrainingHead"/> that predicts what covers every grid cell — and stores it with <see cref="Save"/> /
/// <see cref="Load"/>.</para>
/// </summary>
public sealed class ImageEncoder : nn.Module<Tensor, Tensor>
{
    /// <summary>Checkpoint kind written by <see cref="Save"/>.</summary>
    public const string CheckpointKind = "ImageEncoder";

    private readonly Sequential layers;

    /// <summary>The architecture this encoder was built with.</summary>
    public ImageEncoderConfig Config { get; }

    /// <summary>Channels of every feature vector (128 by default).</summary>
    public int EncoderDim => Config.EncoderDim;

    /// <summary>Side of the feature grid (8 by default).</summary>
    public int GridSize => Config.GridSize;

    /// <summary>Number of grid positions, GridSize² (64 by default).</summary>
    public int NumPixels => Config.NumPixels;

    /// <summary>Builds a randomly initialised encoder (call <see cref="Course.Seed"/> first for reproducible weights).</summary>
    public ImageEncoder(ImageEncoderConfig? config = null) : base(nameof(ImageEncoder))
    {
        Config = config ?? new ImageEncoderConfig();
        Config.Validate();
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inC = Config.Channels;
        for (var s = 0; s < Config.Stages; s++)
        {
            var outC = Config.Width << s;
            modules.Add(($"conv{s}a", Conv(inC, outC, stride: 1)));
            modules.Add(($"norm{s}a", Norm(outC)));
            modules.Add(($"relu{s}a", nn.ReLU()));
            modules.Add(($"conv{s}b", Conv(outC, outC, stride: 2)));
            modules.Add(($"norm{s}b", Norm(outC)));
            modules.Add(($"relu{s}b", nn.ReLU()));
            inC = outC;
        }
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    /// <summary>
    /// A 3×3 convolution (padding 1). Built inside a dispose scope that keeps only its parameters: TorchSharp 0.107's
    /// <c>nn.Conv2d</c> constructor leaves one tensor of its bias initialisation behind (measured: one per convolution).
    /// </summary>
    private static Conv2d Conv(long inChannels, long outChannels, long stride)
    {
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1);
        scope.MoveToOuter(conv.parameters());
        return conv;
    }

    /// <summary>
    /// A GroupNorm with the standard initialisation (scale 1, shift 0) set explicitly: TorchSharp 0.107's
    /// <c>nn.GroupNorm</c> leaves its affine parameters uninitialised (measured: values up to 1e31), which turns
    /// every output into NaN.
    /// </summary>
    private GroupNorm Norm(long channels)
    {
        var norm = nn.GroupNorm(Config.Groups, channels);
        using (no_grad())
        {
            nn.init.ones_(norm.weight);
            nn.init.zeros_(norm.bias);
        }
        return norm;
    }

    /// <summary>
    /// Encodes a batch of images into feature maps.
    /// </summary>
    /// <param name="images">(batch, Channels, ImageSize, ImageSize) float32, values in [0, 1].</param>
    /// <returns>(batch, EncoderDim, GridSize, GridSize): one feature vector per grid cell.</returns>
    public override Tensor forward(Tensor images)
    {
        CheckImages(images, "ImageEncoder");
        return layers.forward(images);                                     // (batch, encoderDim, gridSize, gridSize)
    }

    /// <summary>Encodes and average-pools: one vector per image, (batch, EncoderDim).</summary>
    public Tensor EncodePooled(Tensor images) => Pool(forward(images));  // (batch, encoderDim)

    /// <summary>
    /// Flattens a feature map into the sequence of "pixels" attention works on (sgrvinod's <c>encoder_out</c>):
    /// (batch, encoderDim, h, w) → (batch, numPixels = h·w, encoderDim), row-major over (h, w).
    /// </summary>
    public static Tensor ToPixels(Tensor featureMap)
    {
        if (featureMap.dim() != 4) throw new ArgumentException($"expected a feature map of shape [batch, encoderDim, h, w], got {featureMap.ShapeText()}.", nameof(featureMap));
        return featureMap.flatten(2)                                       // (batch, encoderDim, numPixels)
                         .transpose(1, 2);                                 // (batch, numPixels, encoderDim)
    }

    /// <summary>Average pooling over the grid: (batch, encoderDim, h, w) → (batch, encoderDim).</summary>
    public static Tensor Pool(Tensor featureMap)
    {
        if (featureMap.dim() != 4) throw new ArgumentException($"expected a feature map of shape [batch, encoderDim, h, w], got {featureMap.ShapeText()}.", nameof(featureMap));
        return featureMap.mean([2L, 3L]);                                  // (batch, encoderDim)
    }

    /// <summary>
    /// Checks that <paramref name="images"/> is a float batch of the size this encoder was built for and throws an
    /// <see cref="ArgumentException"/> that says what was expected, what was found, and <paramref name="where"/>.
    /// </summary>
    public void CheckImages(Tensor images, string where)
    {
        ArgumentNullException.ThrowIfNull(images);
        var expected = $"[batch, {Config.Channels}, {Config.ImageSize}, {Config.ImageSize}]";
        var got = $"{images.ShapeText()}";
        if (images.dim() != 4)
            throw new ArgumentException($"{where}: expected images of shape {expected}, got {got}" +
                (images.dim() == 3 ? " — a single image? add a batch dimension with image.unsqueeze(0)." : "."), nameof(images));
        if (images.shape[1] != Config.Channels)
            throw new ArgumentException($"{where}: expected {Config.Channels} colour channels (shape {expected}), got {images.shape[1]} channels in {got}" +
                (images.shape[3] == Config.Channels ? " — channels last? use images.permute(0, 3, 1, 2)." : "."), nameof(images));
        if (images.shape[2] != Config.ImageSize || images.shape[3] != Config.ImageSize)
            throw new ArgumentException($"{where}: expected {Config.ImageSize}×{Config.ImageSize} images (shape {expected}), got {images.shape[2]}×{images.shape[3]} in {got}; resize them first.", nameof(images));
        if (images.shape[0] == 0)
            throw new ArgumentException($"{where}: expected at least one image, got an empty batch {got}.", nameof(images));
        var weights = parameters().First().dtype;
        if (images.dtype != weights)
        {
            var name = weights.ToString().ToLowerInvariant();
            throw new ArgumentException($"{where}: expected {name} images with values in [0, 1] (the encoder's weights are {name}), got dtype {images.dtype}; " +
                (images.is_floating_point() ? $"convert with images.to({name})." : $"convert with images.to({name}) / 255."), nameof(images));
        }
        // on every forward: its two temporaries are freed here, not left to the caller's scope (or the GC, outside one)
        using var finite = images.isfinite();                              // (batch, channels, size, size) bool
        using var allFinite = finite.all();                                // []
        if (!allFinite.item<bool>())
        {
            using var isNan = images.isnan();                              // (batch, channels, size, size) bool
            using var nan = isNan.sum();                                   // []
            throw new ArgumentException($"{where}: the images contain NaN or infinite values ({nan.item<long>()} NaN); check how they were made — every pixel should lie in [0, 1].", nameof(images));
        }
    }

    /// <summary>Saves the weights and the config to <paramref name="path"/> (see <see cref="Checkpoint"/>).</summary>
    public void Save(string path) => Checkpoint.Save(this, path, CheckpointKind, JsonSerializer.Serialize(Config));

    /// <summary>
    /// Loads an encoder saved with <see cref="Save"/>, rebuilding it with the config stored in the file.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="expected">If given, the stored config must equal it (else an <see cref="InvalidDataException"/> says how they differ).</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">Not an encoder checkpoint, damaged, or a different architecture than <paramref name="expected"/>.</exception>
    public static ImageEncoder Load(string path, ImageEncoderConfig? expected = null)
    {
        var (kind, json) = Checkpoint.ReadHeader(path);
        if (kind != CheckpointKind) throw new InvalidDataException($"'{path}' holds a {kind}, not an {CheckpointKind}.");
        ImageEncoderConfig config;
        try { config = JsonSerializer.Deserialize<ImageEncoderConfig>(json) ?? throw new JsonException("null config"); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' has an unreadable encoder config ({json}).", e); }
        if (expected is not null && expected != config)
            throw new InvalidDataException($"'{path}' holds an encoder built with {config}, but {expected} was expected: a different architecture. Delete the file to pre-train again, or load it without an expected config.");
        var encoder = new ImageEncoder(config);
        Checkpoint.LoadInto(encoder, path, CheckpointKind);
        return encoder;
    }
}
