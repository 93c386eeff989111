using MultiModal.Models.Decoding;
namespace MultiModal.Models.Captioning;

/// <summary>Sizes of a <see cref="ShowAttendTell"/> decoder; the defaults train in a few minutes on 2 CPU cores.</summary>
/// <param name="VocabSize">Number of tokens (take it from the world's vocabulary).</param>
/// <param name="Tokens">Start, end and pad ids of that vocabulary.</param>
/// <param name="EmbedDim">Word-embedding size (also the size of the deep-output layer).</param>
/// <param name="HiddenDim">LSTM hidden size.</param>
/// <param name="AttentionDim">Size of the attention MLP's hidden layer.</param>
/// <param name="Dropout">Dropout in the output layer (training only).</param>
/// <param name="DoublyStochasticWeight">λ of the doubly stochastic regularisation λ · mean over positions of
/// (1 − Σₜ sₜᵢ)²; 0 turns it off.</param>
/// <param name="FineTuneEncoder">Train the encoder too (default: keep the pre-trained encoder frozen).</param>
/// <param name="CoordinateChannels">Append each position's (x, y) coordinates in [−1, 1] to its feature aᵢ (CoordConv,
/// Liu et al. 2018), so the context vector also says <i>where</i> the model looked — what "left of" needs. The
/// paper's features carry position only implicitly (through padding); false reproduces that.</param>
/// <param name="AttentionSupervisionWeight">Weight of supervised attention (Liu et al. 2017; see
/// <see cref="Losses.AttentionSupervision.Loss"/>) in <see cref="ShowAttendTell.LossFromFeatures(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>;
/// 0 (default) is the paper's unsupervised attention.</param>
public sealed record ShowAttendTellConfig(int VocabSize, SpecialTokens Tokens, int EmbedDim = 64, int HiddenDim = 256,
    int AttentionDim = 128, double Dropout = 0.2, double DoublyStochasticWeight = 1.0, bool FineTuneEncoder = false,
    bool CoordinateChannels = false, double AttentionSupervisionWeight = 0) : ICaptionModelConfig
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Tokens, nameof(Tokens));
        Tokens.Validate(VocabSize);
        if (EmbedDim <= 0) throw new ArgumentException($"ShowAttendTellConfig.EmbedDim must be positive, got {EmbedDim}.");
        if (HiddenDim <= 0) throw new ArgumentException($"ShowAttendTellConfig.HiddenDim must be positive, got {HiddenDim}.");
        if (AttentionDim <= 0) throw new ArgumentException($"ShowAttendTellConfig.AttentionDim must be positive, got {AttentionDim}.");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"ShowAttendTellConfig.Dropout must be in [0, 1), got {Dropout}.");
        if (!(AttentionSupervisionWeight >= 0)) throw new ArgumentException($"ShowAttendTellConfig.AttentionSupervisionWeight must be ≥ 0, got {AttentionSupervisionWeight}.");
        if (!(DoublyStochasticWeight >= 0)) throw new ArgumentException($"ShowAttendTellConfig.DoublyStochasticWeight must be ≥ 0, got {DoublyStochasticWeight}.");
    }
}
