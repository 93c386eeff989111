using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MultiModal.Models.Generation;

/// <summary>
/// The generator G(z, φ) of Reed et al. (2016), DCGAN-style at 32×32: the sentence embedding is compressed,
/// t = LeakyReLU(W_t φ), concatenated with the noise, and decoded by transposed convolutions to an image in [−1, 1]:
/// <code>
/// h₀ = ReLU(W [z; t])            → (4w, 4, 4)
/// h₁ = ReLU(BN(ConvT(h₀)))       → (2w, 8, 8)
/// h₂ = ReLU(BN(ConvT([h₁; t])))  → (w, 16, 16)   t broadcast over the 8×8 positions
/// x̂  = tanh(ConvT(h₂))           → (3, 32, 32)
/// </code>
/// Deviation: t enters a second time at 8×8 (as in later text-to-image GANs), which helped colour and shape bind to
/// the sentence in this course's short training.
/// </summary>
public sealed class TextToImageGenerator : Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential _compress, _project, _up1, _up2;
    private readonly int _width, _compressed;

    /// <param name="config">Sizes; <see cref="TextToImageGanConfig.Validate"/>d here.</param>
    public TextToImageGenerator(TextToImageGanConfig config) : base(nameof(TextToImageGenerator))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _width = config.Width;
        _compressed = config.CompressedTextDim;
        var w = config.Width;
        _compress = Sequential(Linear(config.TextDim, _compressed), LeakyReLU(0.2));
        _project = Sequential(Linear(config.NoiseDim + _compressed, 4 * w * 4 * 4), ReLU());
        _up1 = Sequential(ConvTranspose2d(4 * w, 2 * w, 4, 2, 1), BatchNorm2d(2 * w), ReLU());
        _up2 = Sequential(ConvTranspose2d(2 * w + _compressed, w, 4, 2, 1), BatchNorm2d(w), ReLU(), ConvTranspose2d(w, 3, 4, 2, 1), Tanh());
        RegisterComponents();
    }

    /// <summary>The sizes.</summary>
    public TextToImageGanConfig Config { get; }

    /// <summary>Images (B, 3, 32, 32) in [−1, 1] from noise <paramref name="z"/> (B, NoiseDim) and sentence embeddings <paramref name="text"/> (B, TextDim).</summary>
    public override Tensor forward(Tensor z, Tensor text)
    {
        var t = _compress.call(text);                                                 // (B, c)
        var h0 = _project.call(cat([z, t], 1)).reshape(-1, 4 * _width, 4, 4);        // (B, 4w, 4, 4)
        var h1 = _up1.call(h0);                                                       // (B, 2w, 8, 8)
        var tiled = t.reshape(-1, _compressed, 1, 1).expand(-1, _compressed, 8, 8);   // (B, c, 8, 8)
        return _up2.call(cat([h1, tiled], 1));                                        // (B, 3, 32, 32)
    }

    /// <summary>
    /// Images (n, 3, 32, 32) in [−1, 1] for sentence embeddings <paramref name="text"/> (n, TextDim), with noise drawn
    /// from a generator seeded by <paramref name="seed"/> (the same seed, the same images); evaluation mode, no gradients.
    /// </summary>
    public Tensor Sample(Tensor text, long seed = 0)
    {
        CheckText(text);
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        using var z = randn([text.shape[0], Config.NoiseDim], generator: generator);  // (n, NoiseDim)
        return Sample(z, text);
    }

    /// <summary>Images (n, 3, 32, 32) for given noise (n, NoiseDim) and sentence embeddings (n, TextDim); evaluation mode, no gradients.</summary>
    /// <exception cref="InvalidOperationException">The generator produced NaN or infinity (its training diverged).</exception>
    public Tensor Sample(Tensor z, Tensor text)
    {
        ArgumentNullException.ThrowIfNull(z);
        CheckText(text);
        if (z.dim() != 2 || z.shape[0] != text.shape[0] || z.shape[1] != Config.NoiseDim)
            throw new ArgumentException($"expected noise of shape ({text.shape[0]}, {Config.NoiseDim}), one row per sentence, got {MultiModal.Tensors.TensorText.ShapeText(z)}.", nameof(z));
        using var eval = MultiModal.Training.EvalScope.Of(this);
        using var scope = NewDisposeScope();
        var images = call(z, text);                                                   // (n, 3, 32, 32)
        if (!images.isfinite().all().item<bool>())
            throw new InvalidOperationException("the generator produced NaN or infinite pixels: its training diverged. Retrain with a smaller GanTrainingConfig.LearningRate.");
        return images.MoveToOuterDisposeScope();
    }

    private void CheckText(Tensor text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.dim() != 2 || text.shape[1] != Config.TextDim || text.shape[0] == 0)
            throw new ArgumentException($"expected sentence embeddings of shape (n, {Config.TextDim}), got {MultiModal.Tensors.TensorText.ShapeText(text)}; encode sentences with a SentenceEncoder (one sentence: .unsqueeze(0)).", nameof(text));
        if (!text.isfinite().all().item<bool>())
            throw new ArgumentException("the sentence embeddings contain NaN or infinity.", nameof(text));
    }
}
