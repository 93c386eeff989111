using MultiModal.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Encoders;

/// <summary>
/// Skip-gram with negative sampling (word2vec, Mikolov et al. 2013): every word w has a vector v_w when it is the centre
/// of a window and a vector u_w when it is a context word; training makes a true (centre, context) pair score high and
/// k random "negative" words score low,
/// <code>
/// L = −log σ(u_o · v_c) − Σ_{j=1..k} log σ(−u_{n_j} · v_c)      n_j ~ P(w) ∝ count(w)^¾
/// </code>
/// Words that appear in the same contexts ("red" and "blue" both before "circle") end up with similar v. After
/// training, the centre vectors v are the word vectors (<see cref="WordVectors"/>).
/// </summary>
public sealed class SkipGram : nn.Module
{
    /// <summary>v: the centre-word vectors, (vocabSize, dim) — the word vectors kept after training.</summary>
    public Embedding Centre { get; }

    /// <summary>u: the context-word vectors, (vocabSize, dim), used only while training.</summary>
    public Embedding Context { get; }

    /// <summary>Builds both tables: centre vectors uniform in ±0.5/dim, context vectors zero (word2vec's initialisation).</summary>
    public SkipGram(int vocabSize, int dim) : base(nameof(SkipGram))
    {
        if (vocabSize < 2) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "a vocabulary needs at least 2 words.");
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), dim, "the vector size must be at least 1.");
        Centre = nn.Embedding(vocabSize, dim);
        Context = nn.Embedding(vocabSize, dim);
        using (no_grad())
        {
            using var centre = Centre.weight!;                                       // a new handle on each read of .weight
            using var context = Context.weight!;
            centre.uniform_(-0.5 / dim, 0.5 / dim).Dispose();                        // in place; the returned handle is another one
            context.zero_().Dispose();
        }
        RegisterComponents();
    }

    /// <summary>
    /// The negative-sampling loss, averaged over the batch (shape []).
    /// </summary>
    /// <param name="centre">(batch) int64 centre-word ids.</param>
    /// <param name="context">(batch) int64 ids of a word seen in the centre word's window.</param>
    /// <param name="negatives">(batch, k) int64 ids drawn from the noise distribution.</param>
    public Tensor Loss(Tensor centre, Tensor context, Tensor negatives)
    {
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(negatives);
        if (centre.dim() != 1 || !context.shape.SequenceEqual(centre.shape) || negatives.dim() != 2 || negatives.shape[0] != centre.shape[0])
            throw new ArgumentException($"expected centre and context ids of shape [batch] and negatives [batch, k], got {centre.ShapeText()}, {context.ShapeText()} and {negatives.ShapeText()}.");
        var v = Centre.forward(centre);                                            // (batch, dim)
        var u = Context.forward(context);                                          // (batch, dim)
        var un = Context.forward(negatives);                                       // (batch, k, dim)
        var positive = nn.functional.logsigmoid((u * v).sum(1));                   // (batch): log σ(u_o · v_c)
        var negative = nn.functional.logsigmoid(-un.matmul(v.unsqueeze(2)).squeeze(2)).sum(1); // (batch): Σ_j log σ(−u_nj · v_c)
        return -positive.Plus(negative).mean();                                   // []
    }
}
