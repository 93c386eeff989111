namespace MultiModal.Audio;

/// <summary>
/// How a centred STFT pads nFft/2 samples at each end of the signal (only used when
/// <see cref="StftSettings.Center"/> is true). For x = [1 2 3 4] padded by 2:
/// </summary>
public enum PadMode
{
    /// <summary>Zeros: [0 0 1 2 3 4 0 0].</summary>
    Constant,
    /// <summary>Mirror without repeating the edge: [3 2 1 2 3 4 3 2] (torch.stft's and librosa's default). Needs length &gt; nFft/2.</summary>
    Reflect,
    /// <summary>Repeat the edge sample: [1 1 1 2 3 4 4 4].</summary>
    Replicate,
    /// <summary>Wrap around: [3 4 1 2 3 4 1 2]. Needs length ≥ nFft/2.</summary>
    Circular,
}
