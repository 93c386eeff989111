using MultiModal.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Attention;

/// <summary>
/// Soft attention ("deterministic soft attention", Xu et al. 2015, §4.2; additive attention, Bahdanau et al. 2015): a
/// <b>query</b> scores every position i of a set of <b>features</b> aᵢ, a softmax over positions turns the scores into a
/// distribution s (the lecture's sₜ, the paper's α), and the result is the context vector z = Σᵢ sᵢ aᵢ, the expected
/// feature.
/// <code>
/// eᵢ = w · tanh(W_a aᵢ + W_q q)     one score per position (an MLP, the paper's f_att)
/// s  = softmax(e)                   over the positions, sums to 1
/// z  = Σᵢ sᵢ aᵢ                      the context vector
/// </code>
/// The names are query-neutral: in captioning the query q is the decoder's previous hidden state hₜ₋₁ and the positions
/// are the 8×8 grid cells of the image; in VQA the query is the question vector; in sound-source localisation, the
/// sound's.
/// </summary>
public sealed class SoftAttention : nn.Module<Tensor, Tensor, (Tensor Context, Tensor Weights)>
{
    /// <summary>W_a: projects every feature into the attention space, featureDim → attentionDim.</summary>
    public Linear FeatureProjection { get; }

    /// <summary>W_q: projects the query into the attention space, queryDim → attentionDim (the paper's W_h).</summary>
    public Linear QueryProjection { get; }

    /// <summary>w: one score per position from the attention space, attentionDim → 1.</summary>
    public Linear Score { get; }

    /// <summary>Builds the attention MLP.</summary>
    /// <param name="featureDim">Size of every feature aᵢ (the encoder's channels, e.g. 128).</param>
    /// <param name="queryDim">Size of the query (e.g. the decoder's hidden size).</param>
    /// <param name="attentionDim">Size of the MLP's hidden layer.</param>
    public SoftAttention(int featureDim, int queryDim, int attentionDim) : base(nameof(SoftAttention))
    {
        if (featureDim <= 0 || queryDim <= 0 || attentionDim <= 0)
            throw new ArgumentException($"SoftAttention sizes must be positive, got featureDim {featureDim}, queryDim {queryDim}, attentionDim {attentionDim}.");
        FeatureProjection = nn.Linear(featureDim, attentionDim);
        QueryProjection = nn.Linear(queryDim, attentionDim);
        Score = nn.Linear(attentionDim, 1);
        RegisterComponents();
    }

    /// <summary>
    /// One attention step.
    /// </summary>
    /// <param name="features">(batch, numPositions, featureDim): the features aᵢ.</param>
    /// <param name="query">(batch, queryDim): what is looked for (the decoder's previous hidden state in captioning).</param>
    /// <returns>Context z (batch, featureDim) and weights s (batch, numPositions), which sum to 1 over positions.</returns>
    public override (Tensor Context, Tensor Weights) forward(Tensor features, Tensor query) =>
        Attend(features, ProjectFeatures(features), query);

    /// <summary>W_a aᵢ for every position: (batch, numPositions, featureDim) → (batch, numPositions, attentionDim). It does
    /// not depend on the query, so a decoder computes it once per image.</summary>
    public Tensor ProjectFeatures(Tensor features) => FeatureProjection.forward(features); // (batch, numPositions, attentionDim)

    /// <summary>
    /// <see cref="forward"/> with the feature projection computed beforehand by <see cref="ProjectFeatures"/>.
    /// </summary>
    public (Tensor Context, Tensor Weights) Attend(Tensor features, Tensor projectedFeatures, Tensor query)
    {
        if (features.dim() != 3) throw new ArgumentException($"expected features of shape [batch, numPositions, featureDim], got {features.ShapeText()}.", nameof(features));
        if (query.dim() != 2 || query.shape[0] != features.shape[0])
            throw new ArgumentException($"expected a query of shape [{features.shape[0]}, queryDim], got {query.ShapeText()}.", nameof(query));
        var q = QueryProjection.forward(query).unsqueeze(1);                   // (batch, 1, attentionDim)
        var scores = Score.forward(tanh(projectedFeatures.Plus(q))).squeeze(2);   // (batch, numPositions)
        var weights = softmax(scores, 1);                                    // (batch, numPositions), sums to 1 over positions
        return (WeightedSum(weights, features), weights);                    // (batch, featureDim), (batch, numPositions)
    }

    /// <summary>The context vector z = Σᵢ sᵢ aᵢ: weights (batch, numPositions) and features (batch, numPositions, featureDim) → (batch, featureDim).</summary>
    public static Tensor WeightedSum(Tensor weights, Tensor features) =>
        bmm(weights.unsqueeze(1), features).squeeze(1);                      // (batch, 1, numPositions) @ (batch, numPositions, featureDim) → (batch, featureDim)
}
