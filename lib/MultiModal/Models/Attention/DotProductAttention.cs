using MultiModal.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Attention;

/// <summary>
/// Scaled dot-product attention (Luong et al. 2015, "general" score; the scaling of Vaswani et al. 2017): the query and
/// every feature are projected into one space and the score is their inner product — the multiplicative sibling of the
/// additive <see cref="SoftAttention"/>.
/// <code>
/// eᵢ = (W_a aᵢ) · (W_q q) / √attentionDim     one score per position
/// s  = softmax(e)                              over the positions, sums to 1
/// z  = Σᵢ sᵢ aᵢ                                 the context vector
/// </code>
/// A product lets a query pick positions by content in one step ("red" in the query × "red" in a feature), where the
/// additive score has to build that AND from tanh units; in VQA, over ten kinds of question, that is the difference
/// between attention that settles and attention that stays spread (measured in notebook 07's model).
/// </summary>
public sealed class DotProductAttention : nn.Module<Tensor, Tensor, (Tensor Context, Tensor Weights)>
{
    /// <summary>W_a: projects every feature into the attention space, featureDim → attentionDim.</summary>
    public Linear FeatureProjection { get; }

    /// <summary>W_q: projects the query into the attention space, queryDim → attentionDim.</summary>
    public Linear QueryProjection { get; }

    /// <summary>Size of the attention space.</summary>
    public int AttentionDim { get; }

    /// <summary>Builds the two projections.</summary>
    public DotProductAttention(int featureDim, int queryDim, int attentionDim) : base(nameof(DotProductAttention))
    {
        if (featureDim <= 0 || queryDim <= 0 || attentionDim <= 0)
            throw new ArgumentException($"DotProductAttention sizes must be positive, got featureDim {featureDim}, queryDim {queryDim}, attentionDim {attentionDim}.");
        AttentionDim = attentionDim;
        FeatureProjection = nn.Linear(featureDim, attentionDim);
        QueryProjection = nn.Linear(queryDim, attentionDim);
        RegisterComponents();
    }

    /// <summary>Features (batch, numPositions, featureDim) and query (batch, queryDim) → context (batch, featureDim) and weights (batch, numPositions).</summary>
    public override (Tensor Context, Tensor Weights) forward(Tensor features, Tensor query)
    {
        var weights = softmax(Scores(features, query), 1);                                              // (batch, numPositions)
        return (SoftAttention.WeightedSum(weights, features), weights);                                  // (batch, featureDim), (batch, numPositions)
    }

    /// <summary>The scores eᵢ before the softmax: (batch, numPositions, featureDim) and (batch, queryDim) → (batch, numPositions).</summary>
    public Tensor Scores(Tensor features, Tensor query)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(query);
        if (features.dim() != 3) throw new ArgumentException($"expected features of shape [batch, numPositions, featureDim], got {features.ShapeText()}.", nameof(features));
        if (query.dim() != 2 || query.shape[0] != features.shape[0])
            throw new ArgumentException($"expected a query of shape [{features.shape[0]}, queryDim], got {query.ShapeText()}.", nameof(query));
        var keys = FeatureProjection.forward(features);                                                 // (batch, numPositions, attentionDim)
        var q = QueryProjection.forward(query).unsqueeze(2);                                            // (batch, attentionDim, 1)
        return bmm(keys, q).squeeze(2) / Constant(Math.Sqrt(AttentionDim));                                    // (batch, numPositions)
    }
}
