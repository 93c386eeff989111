using MultiModal.Models.Attention;
using MultiModal.World;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Answering;

/// <summary>
/// Stacked attention networks (Yang et al. 2016): the image keeps its 8×8 grid, and the question <b>looks</b> at it —
/// attention with the question as the query — several times, each look asked with what the looks before it found. Pooling (the lecture's model) averages positions away; a look picks the cells the question is
/// about ("the red object"), and the next look, asked from there, can find "what is closest to it".
/// <code>
/// vᵢ = tanh(W_v LayerNorm(aᵢ))           every cell's feature                             (batch, 64, fusionDim)
/// u⁰ = tanh(W_q LSTM(question))           the question vector                              (batch, fusionDim)
/// sᵏ = softmax((W_aᵏ(vᵢ + W_rᵏ rᵢᵏ)) · (W_uᵏ uᵏ⁻¹) / √d)  look k: weights over the cells     (batch, 64)
/// zᵏ = Σᵢ sᵏᵢ vᵢ,  pᵏ = Σᵢ sᵏᵢ (xᵢ, yᵢ)     what it found and where (the expected position)
/// uᵏ = uᵏ⁻¹ + zᵏ                           the refined query (the paper's u^k = ṽ^k + u^{k−1})
/// c  = Σᵢ σ(eᵢᴷ) vᵢ / 8                    the last look's scores as gates that do not sum to 1
/// p(answer) = softmax(MLP([u⁰; z¹…zᴷ; p¹…pᴷ; c]))
/// </code>
/// Deviations from the paper, each because a question type needs it: the score is a scaled dot product
/// (<see cref="DotProductAttention"/>) instead of the paper's additive tanh MLP (<see cref="SoftAttention"/>) — with the
/// additive score, trained on all ten kinds at once, the looks stayed spread over the grid (largest weight ≈ 0.1); a look reports <b>where</b> it looked, pᵏ (a CNN
/// feature says what is in a cell, not where the cell is; "left of" compares two positions); look k &gt; 1 sees every
/// cell's offset from where the previous look was, rᵢᵏ = (xᵢ − pᵏ⁻¹ₓ, yᵢ − pᵏ⁻¹ᵧ, distance) ("closest to", "furthest
/// from" are distances); the classifier sees every look, not only the last query; and the count c: a softmax sums to
/// 1 whatever it found, so softmax attention alone cannot count (Zhang et al. 2018).
/// </summary>
public sealed class StackedAttentionVqa : VqaModel
{
    /// <summary>The question stream.</summary>
    public QuestionEncoder Question { get; }

    /// <summary>Layer normalisation of every cell's feature (the encoder's activations are heavy-tailed: up to ~70).</summary>
    public LayerNorm CellNorm { get; }

    /// <summary>W_v: every cell's feature into the fusion space.</summary>
    public Linear CellProjection { get; }

    /// <summary>W_q: the question vector into the fusion space.</summary>
    public Linear QuestionProjection { get; }

    /// <summary>One attention layer per look.</summary>
    public ModuleList<DotProductAttention> Looks { get; }

    /// <summary>W_rᵏ for looks 2 … K: a cell's offset from the previous look's position into the fusion space.</summary>
    public ModuleList<Linear> OffsetProjections { get; }

    /// <summary>The answer classifier.</summary>
    public Sequential Answer { get; }

    /// <summary>Builds the model for image features with <paramref name="encoderDim"/> channels.</summary>
    public StackedAttentionVqa(int encoderDim, VqaConfig? config = null) : base(nameof(StackedAttentionVqa), encoderDim, config)
    {
        var d = Config.FusionDim;
        Question = new QuestionEncoder(Vocabulary.Questions.Count, Config.EmbedDim, Config.QuestionDim);
        CellNorm = nn.LayerNorm(encoderDim);
        CellProjection = nn.Linear(encoderDim, d);
        QuestionProjection = nn.Linear(Config.QuestionDim, d);
        Looks = nn.ModuleList(Enumerable.Range(0, Config.Hops).Select(_ => new DotProductAttention(d, d, Config.AttentionDim)).ToArray());
        OffsetProjections = nn.ModuleList(Enumerable.Range(1, Config.Hops - 1).Select(_ => nn.Linear(3, d)).ToArray());
        Answer = Classifier((Config.Hops + 2) * d + 2 * Config.Hops, Config.ClassifierDim);
        RegisterComponents();
    }

    /// <summary>
    /// Every look's attention weights, (batch, hops, g·g) with the g·g cells row-major, and the classifier's input.
    /// </summary>
    public (Tensor Weights, Tensor Summary) Attend(Tensor features, Tensor questions, Tensor lengths)
    {
        var g = features.shape[2];
        var a = CellNorm.forward(features.flatten(2).transpose(1, 2));                             // (batch, g·g, encoderDim), each cell normalised
        var v = tanh(CellProjection.forward(a));                                                   // (batch, g·g, fusionDim)
        var u = tanh(QuestionProjection.forward(Question.forward(questions, lengths)));            // (batch, fusionDim)
        var xy = CellPositions(g).to(features.device);                                             // (g·g, 2)
        var contexts = new List<Tensor> { u };
        var positions = new List<Tensor>();
        var weights = new List<Tensor>();
        Tensor scores = null!, position = null!;
        for (var k = 0; k < Looks.Count; k++)
        {
            var cells = v;                                                                         // (batch, g·g, fusionDim)
            if (k > 0)
            {
                var offset = xy.unsqueeze(0) - position.unsqueeze(1);                              // (batch, g·g, 2)
                var distance = offset.pow(Constant(2L)).sum(dim: 2, keepdim: true).Plus(1e-6).sqrt();     // (batch, g·g, 1), smooth at 0
                cells = v.Plus(OffsetProjections[k - 1].forward(cat([offset, distance], 2)));     // (batch, g·g, fusionDim)
            }
            scores = Looks[k].Scores(cells, u);                                                    // (batch, g·g)
            var s = softmax(scores, 1);                                                            // (batch, g·g), sums to 1
            var z = SoftAttention.WeightedSum(s, v);                                               // (batch, fusionDim): what it found
            position = matmul(s, xy);                                                              // (batch, 2): where
            u = u.Plus(z);                                                                          // (batch, fusionDim)
            contexts.Add(z);
            positions.Add(position);
            weights.Add(s);
        }
        var count = SoftAttention.WeightedSum(sigmoid(scores), v) / Constant(g);                       // (batch, fusionDim): grows with what is found
        return (stack(weights, 1), cat([.. contexts, .. positions, count], 1));                   // (batch, hops, g·g), (batch, (hops + 2)·fusionDim + 2·hops)
    }

    /// <summary>Attention weights of every look, (batch, hops, g, g), in evaluation mode without gradients.</summary>
    public Tensor AttentionMaps(Tensor features, Tensor questions, Tensor lengths)
    {
        CheckInputs(features, questions, lengths);
        using (Training.EvalScope.Of(this))
        {
            var g = features.shape[2];
            return Attend(features, questions, lengths).Weights.reshape(features.shape[0], Config.Hops, g, g); // (batch, hops, g, g)
        }
    }

    /// <inheritdoc />
    protected override Tensor Logits(Tensor features, Tensor questions, Tensor lengths) =>
        Answer.forward(Attend(features, questions, lengths).Summary);                             // (batch, answers)

    /// <summary>The centre of every cell of a g × g grid, row-major, as (x, y) in [−1, 1]: (g·g, 2).</summary>
    public static Tensor CellPositions(long g)
    {
        var steps = g == 1 ? zeros(1) : linspace(-1, 1, g);                                        // (g,)
        var y = steps.view(g, 1).expand(g, g);                                                     // (g, g): the row's coordinate
        var x = steps.view(1, g).expand(g, g);                                                     // (g, g): the column's coordinate
        return stack([x, y], 2).reshape(g * g, 2);                                                 // (g·g, 2)
    }
}
