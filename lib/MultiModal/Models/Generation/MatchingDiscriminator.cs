using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MultiModal.Models.Generation;

/// <summary>
/// The discriminator D(x, φ) of Reed et al. (2016): a score for "x is a real image <em>of this sentence</em>". The image
/// is encoded by strided convolutions to a 4 × 4 feature map; the sentence embedding is compressed the same way the
/// generator compresses it, replicated over the 4 × 4 positions and concatenated in depth; a 1 × 1 convolution mixes
/// the two and a 4 × 4 convolution gives the score:
/// <code>
/// f = LReLU(BN(conv(LReLU(BN(conv(LReLU(conv(x))))))))   → (4w, 4, 4)
/// t = LReLU(W_t φ)                                        → (c) → tiled to (c, 4, 4)
/// D(x, φ) = conv₄ₓ₄(LReLU(BN(conv₁ₓ₁([f; t]))))            → one score
/// </code>
/// Whether D learns to <em>use</em> t is up to the loss (<see cref="GanLosses.Discriminator"/>): only the
/// matching-aware loss shows it real images with wrong sentences, so only then is ignoring the sentence costly.
/// </summary>
public sealed class MatchingDiscriminator : Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential _encode, _compress, _judge;
    private readonly int _compressed;

    /// <param name="config">Sizes; <see cref="TextToImageGanConfig.Validate"/>d here.</param>
    public MatchingDiscriminator(TextToImageGanConfig config) : base(nameof(MatchingDiscriminator))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var w = config.Width;
        _compressed = config.CompressedTextDim;
        _encode = Sequential(
            Conv2d(3, w, 4, 2, 1), LeakyReLU(0.2),                                    // 16×16
            Conv2d(w, 2 * w, 4, 2, 1), BatchNorm2d(2 * w), LeakyReLU(0.2),            // 8×8
            Conv2d(2 * w, 4 * w, 4, 2, 1), BatchNorm2d(4 * w), LeakyReLU(0.2));       // 4×4
        _compress = Sequential(Linear(config.TextDim, _compressed), LeakyReLU(0.2));
        _judge = Sequential(Conv2d(4 * w + _compressed, 4 * w, 1), BatchNorm2d(4 * w), LeakyReLU(0.2), Conv2d(4 * w, 1, 4));
        RegisterComponents();
    }

    /// <summary>Scores (B) for images <paramref name="images"/> (B, 3, 32, 32) under sentence embeddings <paramref name="text"/> (B, TextDim); higher = "real and matching".</summary>
    public override Tensor forward(Tensor images, Tensor text)
    {
        var f = _encode.call(images);                                                 // (B, 4w, 4, 4)
        var t = _compress.call(text);                                                 // (B, c)
        var tiled = t.reshape(-1, _compressed, 1, 1).expand(-1, _compressed, 4, 4);   // (B, c, 4, 4)
        return _judge.call(cat([f, tiled], 1)).reshape(-1);                           // (B)
    }
}
