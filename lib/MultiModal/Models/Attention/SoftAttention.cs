using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiModal.Models.Attention;

/// <summary>
/// Soft attention of Show, Attend and Tell ("deterministic soft attention", Xu et al. 2015, §4.2): given the decoder's
/// previous hidden state h, score every image position i, turn the scores into a distribution s (the lecture's s_t,
/// the paper's α) with a softmax over positions, and return the context vector z = Σᵢ sᵢ aᵢ, the expected feature.
/// <code>
/// eᵢ = w · tanh(W_a aᵢ + W_h h)     one score per position (an MLP, the paper's f_att)
/// s  = softmax(e)                   over the numPixels positions, sums to 1
/// z  = Σᵢ sᵢ aᵢ                      the context vector
/// </code>
/// </summary>
public sealed class SoftAttention : nn.Module<Tensor, Tensor, (Tensor Context, Tensor Weights)>
{
    /// <summary>W_a: projects every image feature into the attention space, encoderDim → attentionDim.</summary>
    public Linear EncoderProjection { get; }

    /// <summary>W_h: projects the decoder hidden state into the attention space, hiddenDim → attentionDim.</summary>
    public Linear DecoderProjection { get; }

    /// <summary>w: one score per position from the attention space, attentionDim → 1.</summary>
    public Linear Score { get; }

    /// <summary>Builds the attention MLP.</summary>
    public SoftAttention(int encoderDim, int hiddenDim, int attentionDim) : base(nameof(SoftAttention))
    {
        if (encoderDim <= 0 || hiddenDim <= 0 || attentionDim <= 0)
            throw new ArgumentException($"SoftAttention sizes must be positive, got encoderDim {encoderDim}, hiddenDim {hiddenDim}, attentionDim {attentionDim}.");
        EncoderProjection = nn.Linear(encoderDim, attentionDim);
        DecoderProjection = nn.Linear(hiddenDim, attentionDim);
        Score = nn.Linear(attentionDim, 1);
        RegisterComponents();
    }

    /// <summary>
    /// One attention step.
    /// </summary>
    /// <param name="pixels">(batch, numPixels, encoderDim): the image features aᵢ.</param>
    /// <param name="hidden">(batch, hiddenDim): the decoder's previous hidden state.</param>
    /// <returns>Context z (batch, encoderDim) and weights s (batch, numPixels), which sum to 1 over positions.</returns>
    public override (Tensor Context, Tensor Weights) forward(Tensor pixels, Tensor hidden) =>
        Attend(pixels, ProjectPixels(pixels), hidden);

    /// <summary>W_a aᵢ for every position: (batch, numPixels, encoderDim) → (batch, numPixels, attentionDim). It does not
    /// depend on the step, so a decoder computes it once per image.</summary>
    public Tensor ProjectPixels(Tensor pixels) => EncoderProjection.forward(pixels); // (batch, numPixels, attentionDim)

    /// <summary>
    /// <see cref="forward"/> with the pixel projection computed beforehand by <see cref="ProjectPixels"/>.
    /// </summary>
    public (Tensor Context, Tensor Weights) Attend(Tensor pixels, Tensor projectedPixels, Tensor hidden)
    {
        if (pixels.dim() != 3) throw new ArgumentException($"expected pixels of shape [batch, numPixels, encoderDim], got [{string.Join(", ", pixels.shape)}].", nameof(pixels));
        if (hidden.dim() != 2 || hidden.shape[0] != pixels.shape[0])
            throw new ArgumentException($"expected a hidden state of shape [{pixels.shape[0]}, hiddenDim], got [{string.Join(", ", hidden.shape)}].", nameof(hidden));
        var query = DecoderProjection.forward(hidden).unsqueeze(1);          // (batch, 1, attentionDim)
        var scores = Score.forward(tanh(projectedPixels + query)).squeeze(2); // (batch, numPixels)
        var weights = softmax(scores, 1);                                    // (batch, numPixels), sums to 1 over pixels
        return (WeightedSum(weights, pixels), weights);                      // (batch, encoderDim), (batch, numPixels)
    }

    /// <summary>The context vector z = Σᵢ sᵢ aᵢ: weights (batch, numPixels) and pixels (batch, numPixels, encoderDim) → (batch, encoderDim).</summary>
    public static Tensor WeightedSum(Tensor weights, Tensor pixels) =>
        bmm(weights.unsqueeze(1), pixels).squeeze(1);                        // (batch, 1, numPixels) @ (batch, numPixels, encoderDim) → (batch, encoderDim)
}
