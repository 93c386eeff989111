namespace MultiModal.Audio;

/// <summary>The analysis windows of the course (see <see cref="Windows"/> for their formulas).</summary>
public enum WindowKind
{
    /// <summary>w[n] = 1: plain slicing, sharp edges, strongest spectral leakage.</summary>
    Rectangular,
    /// <summary>w[n] = 0.5 − 0.5·cos(2πn/M): reaches 0 at the edges.</summary>
    Hann,
    /// <summary>w[n] = 0.54 − 0.46·cos(2πn/M): "weak at the edges, strong in the middle" (never quite 0). The lecture's window.</summary>
    Hamming,
}
