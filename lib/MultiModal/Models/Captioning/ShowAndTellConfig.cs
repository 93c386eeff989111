using MultiModal.Models.Decoding;
namespace MultiModal.Models.Captioning;

/// <summary>Sizes of a <see cref="ShowAndTell"/> decoder; the defaults train in about a minute on 2 CPU cores.</summary>
/// <param name="VocabSize">Number of tokens (take it from the world's vocabulary).</param>
/// <param name="Tokens">Start, end and pad ids of that vocabulary.</param>
/// <param name="EmbedDim">Size of the word embeddings and of the projected image vector (the LSTM's input).</param>
/// <param name="HiddenDim">LSTM hidden size.</param>
/// <param name="Dropout">Dropout before the output layer (training only).</param>
/// <param name="FineTuneEncoder">Train the encoder too (default: keep the pre-trained encoder frozen).</param>
public sealed record ShowAndTellConfig(int VocabSize, SpecialTokens Tokens, int EmbedDim = 64, int HiddenDim = 256,
    double Dropout = 0.2, bool FineTuneEncoder = false) : ICaptionModelConfig
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Tokens, nameof(Tokens));
        Tokens.Validate(VocabSize);
        if (EmbedDim <= 0) throw new ArgumentException($"ShowAndTellConfig.EmbedDim must be positive, got {EmbedDim}.");
        if (HiddenDim <= 0) throw new ArgumentException($"ShowAndTellConfig.HiddenDim must be positive, got {HiddenDim}.");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"ShowAndTellConfig.Dropout must be in [0, 1), got {Dropout}.");
    }
}
