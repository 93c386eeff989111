using MultiModal.Models.Encoders;
using MultiModal.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Localization;

/// <summary>
/// Sound-source localisation (Senocak et al. 2018, <i>Learning to Localize Sound Source in Visual Scenes</i>): the image
/// keeps its grid of features, the sound becomes one vector, and their agreement at every cell is the heatmap.
/// <code>
/// vₖ  = normalize(W_v aₖ)            every cell k of the frozen encoder's 8×8 map, projected (1×1 conv), unit length
/// h   = normalize(f_sound(logmel))  the sound's vector, unit length
/// sₖ  = vₖ · h                       the <b>localisation score</b> (a cosine): the heatmap
/// α   = softmax(s / τ_α)            over the cells
/// z   = Σₖ αₖ vₖ                     the <b>attended visual feature</b>: what the image shows where the sound is
/// </code>
/// Trained without a single mask, by metric learning: a clip's own sound must agree with its own image's attended feature
/// (each image attended <i>with that sound</i>) more than with any other image of the batch —
/// <code>
/// ℓᵢⱼ = cos(zᵢⱼ, hᵢ) / τ,    zᵢⱼ = attended feature of image j under sound i
/// L   = mean_i CE(ℓᵢ, i)      = −log exp(ℓᵢᵢ) / Σⱼ exp(ℓᵢⱼ)
/// </code>
/// Deviation: the paper's triplet ratio loss compares one negative image per clip with L2 distances; the cross-entropy
/// over the batch is the same idea with every other image as a negative (the form later work such as LVS uses).
/// <see cref="SupervisedLoss"/> trains the same network from the masks: the upper bound of what the heatmap can show.
/// <para>The <b>localisation response</b> that is scored (<see cref="LocalizationEvaluation"/>) is α, as in the paper, not
/// the raw cosines s: min-max scaled and cut at ½, cosines mark every cell that is less unlike the sound than average — a
/// blob several times the object (measured: cIoU@0.5 0.09 for s against 0.56 for α of the same model).</para>
/// </summary>
public sealed class SoundLocalizer : nn.Module
{
    /// <summary>W_v: 1×1 convolution from the encoder's channels to the joint space.</summary>
    public Conv2d VisualProjection { get; }

    /// <summary>f_sound: log-mel spectrogram → the sound's vector.</summary>
    public AudioEncoder Sound { get; }

    /// <summary>The settings it was built with.</summary>
    public SoundLocalizerConfig Config { get; }

    /// <summary>Builds the model for <paramref name="config"/> (validated here).</summary>
    public SoundLocalizer(SoundLocalizerConfig? config = null) : base(nameof(SoundLocalizer))
    {
        Config = (config ?? new SoundLocalizerConfig()).Validate();
        VisualProjection = nn.Conv2d(Config.VisualDim, Config.EmbedDim, 1);
        Sound = new AudioEncoder(Config.Audio with { OutputDim = Config.EmbedDim });
        RegisterComponents();
    }

    /// <summary>vₖ: (batch, visualDim, g, g) encoder features → (batch, embedDim, g·g) unit vectors, one per cell.</summary>
    public Tensor Cells(Tensor features)
    {
        if (features.dim() != 4 || features.shape[1] != Config.VisualDim)
            throw new ArgumentException($"expected encoder feature maps of shape [batch, {Config.VisualDim}, g, g], got {features.ShapeText()}.", nameof(features));
        using var scope = NewDisposeScope();
        var v = VisualProjection.forward(features).flatten(2);                            // (batch, embedDim, g·g)
        return nn.functional.normalize(v, p: 2, dim: 1).MoveToOuterDisposeScope();        // (batch, embedDim, g·g)
    }

    /// <summary>h: (batch, nMels, frames) log-mel → (batch, embedDim) unit vectors (a silent clip gives a finite vector).</summary>
    public Tensor SoundVector(Tensor logMel)
    {
        using var scope = NewDisposeScope();
        return nn.functional.normalize(Sound.forward(logMel), p: 2, dim: 1).MoveToOuterDisposeScope(); // (batch, embedDim)
    }

    /// <summary>
    /// The heatmap s: every clip's sound against its own image. (batch, visualDim, g, g) and (batch, nMels, frames) →
    /// (batch, g, g) cosines in [−1, 1].
    /// </summary>
    public Tensor Heatmap(Tensor features, Tensor logMel)
    {
        using var scope = NewDisposeScope();
        var (_, s) = Scores(features, logMel);                                             // (batch, g·g)
        return s.view(features.shape[0], features.shape[2], features.shape[3]).MoveToOuterDisposeScope(); // (batch, g, g)
    }

    /// <summary>
    /// The attended visual feature z = Σₖ αₖ vₖ with α = softmax(s / τ_α): (batch, visualDim, g, g) and (batch, nMels,
    /// frames) → z (batch, embedDim) and α (batch, g, g).
    /// </summary>
    public (Tensor Attended, Tensor Weights) Attend(Tensor features, Tensor logMel)
    {
        using var scope = NewDisposeScope();
        var (v, s) = Scores(features, logMel);                                             // (batch, embedDim, g·g), (batch, g·g)
        var alpha = softmax(s.div(Constant(Config.AttentionTemperature)), 1);              // (batch, g·g), sums to 1
        var z = bmm(v, alpha.unsqueeze(2)).squeeze(2);                                     // (batch, embedDim)
        var weights = alpha.view(features.shape[0], features.shape[2], features.shape[3]); // (batch, g, g)
        return (z.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The unsupervised loss L = mean_i CE(ℓᵢ, i), ℓᵢⱼ = cos(zᵢⱼ, hᵢ) / τ, with every other image of the batch as a negative.
    /// </summary>
    /// <param name="features">(batch, visualDim, g, g) frozen encoder features of the clips' frames.</param>
    /// <param name="logMel">(batch, nMels, frames) the clips' sounds, row i belonging to image i.</param>
    /// <returns>[] the mean loss.</returns>
    public Tensor Loss(Tensor features, Tensor logMel)
    {
        CheckPair(features, logMel);
        if (features.shape[0] < 2) throw new ArgumentException("the metric-learning loss needs at least 2 clips in a batch (the others are the negatives).", nameof(features));
        using var scope = NewDisposeScope();
        var v = Cells(features);                                                           // (b, embedDim, n)
        var h = SoundVector(logMel);                                                       // (b, embedDim)
        var s = einsum("ic,jcn->ijn", h, v);                                               // (b, b, n) sound i on image j, cell n
        var alpha = softmax(s.div(Constant(Config.AttentionTemperature)), 2);              // (b, b, n) over the cells
        var z = nn.functional.normalize(einsum("ijn,jcn->ijc", alpha, v), p: 2, dim: 2);   // (b, b, embedDim) z_ij, unit length
        var logits = einsum("ijc,ic->ij", z, h).div(Constant(Config.Temperature));         // (b, b) ℓ_ij
        var own = Range(features.shape[0], ScalarType.Int64, features.device);             // (b) image i is sound i's
        return nn.functional.cross_entropy(logits, own).MoveToOuterDisposeScope();         // []
    }

    /// <summary>
    /// The supervised upper bound: the attention α itself, the response that is scored, trained with cross-entropy to where
    /// the sounding object is — pₖ = the share of cell k it covers, normalised to sum to 1 —
    /// <code>
    /// L = mean_i ( −Σₖ pᵢₖ log αᵢₖ )
    /// </code>
    /// (the attention supervision of notebook 05). (batch, visualDim, g, g), (batch, nMels, frames), masks (batch, H, W) 0/1
    /// → [] the mean loss.
    /// </summary>
    public Tensor SupervisedLoss(Tensor features, Tensor logMel, Tensor masks)
    {
        CheckPair(features, logMel);
        ArgumentNullException.ThrowIfNull(masks);
        var (g1, g2) = (features.shape[2], features.shape[3]);
        if (masks.dim() != 3 || masks.shape[0] != features.shape[0] || masks.shape[1] % g1 != 0 || masks.shape[2] % g2 != 0)
            throw new ArgumentException($"expected one mask per clip of shape [{features.shape[0]}, H, W] with H, W multiples of the grid {g1}×{g2}, got {masks.ShapeText()}.", nameof(masks));
        using var scope = NewDisposeScope();
        var s = Heatmap(features, logMel);                                                 // (b, g, g)
        var kernel = masks.shape[1] / g1;
        var coverage = nn.functional.avg_pool2d(masks.to(s.dtype).unsqueeze(1), kernel).flatten(1); // (b, g·g) share of each cell inside
        var target = coverage.div(coverage.sum(1, keepdim: true).clamp_min(Constant(1e-8)));    // (b, g·g) p, sums to 1 (0 for an empty mask)
        var logAlpha = nn.functional.log_softmax(s.flatten(1).div(Constant(Config.AttentionTemperature)), 1);  // (b, g·g) log α
        return target.mul(logAlpha).sum(1).mean().neg().MoveToOuterDisposeScope();              // []
    }

    // Every clip's sound against the cells of its own image: vₖ (batch, embedDim, g·g) and sₖ = vₖ · h (batch, g·g).
    private (Tensor Cells, Tensor Scores) Scores(Tensor features, Tensor logMel)
    {
        CheckPair(features, logMel);
        var v = Cells(features);                                                           // (batch, embedDim, g·g)
        var h = SoundVector(logMel);                                                       // (batch, embedDim)
        return (v, bmm(h.unsqueeze(1), v).squeeze(1));                                     // (batch, embedDim, g·g), (batch, g·g)
    }

    private void CheckPair(Tensor features, Tensor logMel)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(logMel);
        if (logMel.dim() != 3 || features.dim() < 1 || logMel.shape[0] != features.shape[0])
            throw new ArgumentException($"expected one sound per image: features {features.ShapeText()} and log-mel {logMel.ShapeText()} must have the same batch size (a log-mel is [batch, nMels, frames]).", nameof(logMel));
    }
}

/// <summary>Settings of a <see cref="SoundLocalizer"/>.</summary>
/// <param name="VisualDim">Channels of the frozen image encoder's feature map (the course's encoder: 128).</param>
/// <param name="EmbedDim">Size of the joint space of cells and sounds.</param>
/// <param name="Audio">The sound network (its OutputDim is replaced by <paramref name="EmbedDim"/>).</param>
/// <param name="AttentionTemperature">τ_α of α = softmax(s / τ_α) (and of the supervised loss). 0.2 by measurement (600
/// steps at learning rate 1e-3, 1–4 objects without places, cIoU@0.5 of α on 300 test clips): τ_α 0.05 → 0.08, 0.1 → 0.22,
/// 0.2 → 0.39, 0.3 → 0.26, 0.5 → 0.03. Too sharp and one cell takes all the weight before the sound net can point; too
/// flat and α spreads over the whole image.</param>
/// <param name="Temperature">τ of the metric-learning logits cos(z, h) / τ.</param>
public sealed record SoundLocalizerConfig(int VisualDim = 128, int EmbedDim = 128, AudioEncoderConfig? Audio = null,
    double AttentionTemperature = 0.2, double Temperature = 0.1)
{
    /// <summary>The sound network's settings (default <see cref="AudioEncoderConfig"/>).</summary>
    public AudioEncoderConfig Audio { get; init; } = Audio ?? new AudioEncoderConfig();

    /// <summary>Checks every field; returns this config or throws <see cref="ArgumentException"/> naming the field.</summary>
    public SoundLocalizerConfig Validate()
    {
        if (VisualDim < 1) throw new ArgumentException($"SoundLocalizerConfig.VisualDim must be at least 1, got {VisualDim}.", nameof(VisualDim));
        if (EmbedDim < 1) throw new ArgumentException($"SoundLocalizerConfig.EmbedDim must be at least 1, got {EmbedDim}.", nameof(EmbedDim));
        if (!(AttentionTemperature > 0)) throw new ArgumentException($"SoundLocalizerConfig.AttentionTemperature must be positive, got {AttentionTemperature}.", nameof(AttentionTemperature));
        if (!(Temperature > 0)) throw new ArgumentException($"SoundLocalizerConfig.Temperature must be positive, got {Temperature}.", nameof(Temperature));
        Audio.Validate();
        return this;
    }
}
