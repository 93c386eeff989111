using MultiModal.Models.Decoding;
namespace MultiModal.Models.Captioning;

/// <summary>What <see cref="CaptionModel"/> needs from every captioning model's config record.</summary>
public interface ICaptionModelConfig
{
    /// <summary>Number of tokens in the vocabulary.</summary>
    int VocabSize { get; }

    /// <summary>Start, end and pad ids.</summary>
    SpecialTokens Tokens { get; }

    /// <summary>Train the encoder too (false: keep it frozen).</summary>
    bool FineTuneEncoder { get; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    void Validate();
}
