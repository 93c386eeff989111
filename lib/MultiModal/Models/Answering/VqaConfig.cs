namespace MultiModal.Models.Answering;

/// <summary>Sizes of the VQA models (defaults train in a minute or two on 2 CPU cores from cached features).</summary>
/// <param name="EmbedDim">Size of a question word's embedding.</param>
/// <param name="QuestionDim">Size of the question LSTM's hidden state (the question vector).</param>
/// <param name="FusionDim">Size of the space the two streams are fused in (point-wise product, attention's u).</param>
/// <param name="AttentionDim">Hidden size of each attention layer's MLP (stacked attention).</param>
/// <param name="Hops">Attention layers of the stacked-attention model (Yang et al. use 2).</param>
/// <param name="ClassifierDim">Hidden size of the answer classifier's MLP.</param>
public sealed record VqaConfig(
    int EmbedDim = 32,
    int QuestionDim = 128,
    int FusionDim = 128,
    int AttentionDim = 64,
    int Hops = 2,
    int ClassifierDim = 256)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (EmbedDim < 1) throw new ArgumentException($"VqaConfig.EmbedDim must be at least 1, got {EmbedDim}.");
        if (QuestionDim < 1) throw new ArgumentException($"VqaConfig.QuestionDim must be at least 1, got {QuestionDim}.");
        if (FusionDim < 1) throw new ArgumentException($"VqaConfig.FusionDim must be at least 1, got {FusionDim}.");
        if (AttentionDim < 1) throw new ArgumentException($"VqaConfig.AttentionDim must be at least 1, got {AttentionDim}.");
        if (Hops < 1) throw new ArgumentException($"VqaConfig.Hops must be at least 1, got {Hops}.");
        if (ClassifierDim < 1) throw new ArgumentException($"VqaConfig.ClassifierDim must be at least 1, got {ClassifierDim}.");
    }
}
