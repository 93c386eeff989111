using MultiModal.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiModal.Models.Encoders;

/// <summary>
/// The head that maps one modality's fixed vector into a joint embedding space: a two-layer MLP
/// (inputDim → hiddenDim → ReLU → embedDim) followed by L2 normalisation, so that the dot product of two embeddings is
/// their cosine. Every matching model of the course puts one on each side of its space.
/// </summary>
public sealed class ProjectionHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Size of the vectors it takes.</summary>
    public long InputDim { get; }

    /// <summary>Builds the MLP.</summary>
    public ProjectionHead(long inputDim, long hiddenDim, long embedDim) : base(nameof(ProjectionHead))
    {
        if (inputDim < 1 || hiddenDim < 1 || embedDim < 1)
            throw new ArgumentException($"ProjectionHead sizes must be positive, got inputDim {inputDim}, hiddenDim {hiddenDim}, embedDim {embedDim}.");
        InputDim = inputDim;
        layers = nn.Sequential(nn.Linear(inputDim, hiddenDim), nn.ReLU(), nn.Linear(hiddenDim, embedDim));
        RegisterComponents();
    }

    /// <summary>(batch, inputDim) → unit vectors (batch, embedDim); a vector of another size is explained, naming <paramref name="what"/>.</summary>
    public Tensor Embed(Tensor vectors, string what)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.dim() != 2 || vectors.shape[1] != InputDim)
            throw new ArgumentException($"expected {what} of shape [batch, {InputDim}], got {vectors.ShapeText()}.", nameof(vectors));
        return nn.functional.normalize(layers.forward(vectors), dim: 1);           // (batch, embedDim)
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor vectors) => Embed(vectors, "vectors");
}
