using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Audio;

/// <summary>The two mel-scale formulas in use (they differ; always say which one you use).</summary>
public enum MelScaleKind
{
    /// <summary>HTK (O'Shaughnessy 1987): mel = 2595·log10(1 + f/700). torchaudio's default.</summary>
    Htk,
    /// <summary>Slaney (Auditory Toolbox): linear below 1 kHz (mel = 3f/200), logarithmic above (mel = 15 + 27·ln(f/1000)/ln 6.4). librosa's default.</summary>
    Slaney,
}

/// <summary>
/// Hz ↔ mel: a perceptual pitch scale, roughly linear below 1 kHz and logarithmic above — fine resolution at
/// low frequencies, coarse at high ones, as in human hearing.
/// </summary>
public static class MelScale
{
    private const double SlaneyBreakHz = 1000.0;
    private const double SlaneyHzPerMel = 200.0 / 3;
    private const double SlaneyBreakMel = SlaneyBreakHz / SlaneyHzPerMel; // 15
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    /// <summary>Frequency in Hz → mels on the chosen scale.</summary>
    public static double HzToMel(double hz, MelScaleKind kind)
    {
        if (double.IsNaN(hz) || hz < 0) throw new ArgumentOutOfRangeException(nameof(hz), hz, "Frequencies must be ≥ 0 Hz.");
        return kind switch
        {
            MelScaleKind.Htk => 2595.0 * Math.Log10(1.0 + hz / 700.0),
            MelScaleKind.Slaney => hz < SlaneyBreakHz ? hz / SlaneyHzPerMel : SlaneyBreakMel + Math.Log(hz / SlaneyBreakHz) / SlaneyLogStep,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mel scale."),
        };
    }

    /// <summary>Mels on the chosen scale → frequency in Hz (the inverse of <see cref="HzToMel(double, MelScaleKind)"/>).</summary>
    public static double MelToHz(double mel, MelScaleKind kind)
    {
        if (double.IsNaN(mel) || mel < 0) throw new ArgumentOutOfRangeException(nameof(mel), mel, "Mels must be ≥ 0.");
        return kind switch
        {
            MelScaleKind.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
            MelScaleKind.Slaney => mel < SlaneyBreakMel ? mel * SlaneyHzPerMel : SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mel scale."),
        };
    }

    /// <summary>Element-wise Hz → mel of a tensor (any shape, same shape out).</summary>
    public static Tensor HzToMel(Tensor hz, MelScaleKind kind)
    {
        ArgumentNullException.ThrowIfNull(hz);
        using var scope = NewDisposeScope();
        var mel = kind switch
        {
            MelScaleKind.Htk => (hz / Constant(700.0)).Plus(1.0).log10() * Constant(2595.0),
            MelScaleKind.Slaney => where(hz < Constant(SlaneyBreakHz), hz / Constant(SlaneyHzPerMel),
                (hz.clamp_min(Constant(1e-10)) / Constant(SlaneyBreakHz)).log().div(Constant(SlaneyLogStep)).Plus(SlaneyBreakMel)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mel scale."),
        };
        return mel.MoveToOuterDisposeScope();
    }

    /// <summary>Element-wise mel → Hz of a tensor (any shape, same shape out).</summary>
    public static Tensor MelToHz(Tensor mel, MelScaleKind kind)
    {
        ArgumentNullException.ThrowIfNull(mel);
        using var scope = NewDisposeScope();
        var hz = kind switch
        {
            MelScaleKind.Htk => (pow(10.0, mel / Constant(2595.0)) - Constant(1.0)) * Constant(700.0),
            MelScaleKind.Slaney => where(mel < Constant(SlaneyBreakMel), mel * Constant(SlaneyHzPerMel),
                ((mel - Constant(SlaneyBreakMel)) * Constant(SlaneyLogStep)).exp() * Constant(SlaneyBreakHz)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mel scale."),
        };
        return hz.MoveToOuterDisposeScope();
    }
}
