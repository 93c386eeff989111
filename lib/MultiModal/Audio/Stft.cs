using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Audio;

/// <summary>
/// The short-time Fourier transform and its inverse, with every convention taken from a <see cref="StftSettings"/>
/// (no hidden defaults). Frame t, bin k:
/// X[k, t] = Σ_{n=0}^{nFft−1} w[n] · x[t·hop + n] · e^{−2πi·k·n/nFft}  (× 1/√nFft when normalised),
/// where x is the padded signal when centred and w the window zero-padded to nFft. This is exactly
/// <c>torch.stft</c>'s definition; <see cref="DidacticDft.Stft"/> computes the same sum by hand.
/// </summary>
public static class Stft
{
    /// <summary>
    /// The complex STFT of a mono waveform [time] → [freq, frames], or of a batch of mono waveforms
    /// [batch, time] → [batch, freq, frames] (complex64 for float32 input). freq = <see cref="StftSettings.NumFreqs"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Impossible settings, empty or non-finite audio, a signal too short for the padding or for one frame.</exception>
    public static Tensor Forward(Tensor waveform, StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        CheckWaveform(waveform, settings);
        var window = CachedWindow(settings, waveform.dtype == float64 ? float64 : float32); // [winLength], shared: do not dispose
        return Raw(waveform, settings, window);
    }

    /// <summary>The inverse STFT: [freq, frames] → [time] (or batched). Overlap-adds the windowed inverse FFTs and divides by the summed squared window (the least-squares estimate of Griffin and Lim).</summary>
    /// <param name="stft">Complex STFT made with the same <paramref name="settings"/>.</param>
    /// <param name="settings">The settings the STFT was made with.</param>
    /// <param name="length">Samples to return (pass the original length to undo the centring exactly); null: as many as the frames cover.</param>
    /// <exception cref="ArgumentException">A real tensor, a bin count that does not match the settings, or a window/hop that violates the overlap-add (NOLA) condition.</exception>
    public static Tensor Inverse(Tensor stft, StftSettings settings, long? length)
    {
        ArgumentNullException.ThrowIfNull(stft);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (!stft.is_complex()) throw new ArgumentException($"Stft.Inverse needs the complex STFT (got {stft.dtype}); a magnitude or power spectrogram has lost its phase: use GriffinLim.Reconstruct instead.", nameof(stft));
        if (stft.dim() is not (2 or 3)) throw new ArgumentException($"Expected a complex STFT of shape [freq, frames] or [batch, freq, frames], got {stft.ShapeText()}.", nameof(stft));
        if (stft.shape[^2] != settings.NumFreqs) throw new ArgumentException($"The STFT has {stft.shape[^2]} frequency bins but the settings (nFft {settings.NFft}, {(settings.Onesided ? "onesided" : "two-sided")}) give {settings.NumFreqs}.", nameof(stft));
        if (length is < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "length must be positive (or null).");
        CheckOverlapAdd(settings);
        var window = CachedWindow(settings, stft.dtype == complex128 ? float64 : float32); // [winLength], shared: do not dispose
        return istft(stft, settings.NFft, settings.Hop, settings.WinLength, window, settings.Center, settings.Normalized, settings.Onesided, length ?? -1);
    }

    /// <summary>The analysis window of <paramref name="settings"/>, shape [winLength].</summary>
    public static Tensor WindowFor(StftSettings settings, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Windows.Create(settings.Window, settings.WinLength, settings.PeriodicWindow, dtype);
    }

    /// <summary>
    /// True when the squared window, overlap-added at the hop, is non-zero everywhere a frame reaches
    /// ("nonzero overlap-add", NOLA): the condition for <see cref="Inverse"/> to reconstruct the signal.
    /// </summary>
    public static bool SatisfiesOverlapAdd(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var w = PaddedWindow(settings);
        for (var r = 0; r < settings.Hop; r++)
        {
            double sum = 0;
            for (var n = r; n < settings.NFft; n += settings.Hop) sum += w[n] * w[n];
            if (sum < 1e-11) return false;
        }
        return true;
    }

    private static readonly Dictionary<(WindowKind, int, bool, ScalarType), Tensor> WindowCache = new();

    // Windows are tiny and reused call after call: build each once (outside any dispose scope) and keep it.
    internal static Tensor CachedWindow(StftSettings s, ScalarType dtype)
    {
        var key = (s.Window, s.WinLength, s.PeriodicWindow, dtype);
        lock (WindowCache)
        {
            if (!WindowCache.TryGetValue(key, out var w) || w.IsInvalid)
                WindowCache[key] = w = Windows.Create(s.Window, s.WinLength, s.PeriodicWindow, dtype).DetachFromDisposeScope();
            return w;
        }
    }

    internal static Tensor Raw(Tensor waveform, StftSettings s, Tensor window) =>
        stft(waveform, s.NFft, s.Hop, s.WinLength, window, s.Center, ToTorch(s.PadMode), s.Normalized, s.Onesided, return_complex: true);

    internal static double[] PaddedWindow(StftSettings s)
    {
        var w = Windows.Values(s.Window, s.WinLength, s.PeriodicWindow);
        var padded = new double[s.NFft];
        var left = (s.NFft - s.WinLength) / 2;
        Array.Copy(w, 0, padded, left, w.Length);
        return padded;
    }

    internal static PaddingModes ToTorch(PadMode mode) => mode switch
    {
        PadMode.Constant => PaddingModes.Constant,
        PadMode.Reflect => PaddingModes.Reflect,
        PadMode.Replicate => PaddingModes.Replicate,
        PadMode.Circular => PaddingModes.Circular,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown pad mode."),
    };

    private static void CheckOverlapAdd(StftSettings s)
    {
        if (!SatisfiesOverlapAdd(s))
            throw new ArgumentException($"The {s.Window} window (winLength {s.WinLength}) with hop {s.Hop} leaves samples that no window covers (the nonzero overlap-add condition fails), so the inverse STFT cannot recover them: use a hop ≤ winLength.");
    }

    internal static void CheckWaveform(Tensor waveform, StftSettings s)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (waveform.is_complex()) throw new ArgumentException("The STFT here takes a real waveform; got a complex tensor.", nameof(waveform));
        if (waveform.dim() is not (1 or 2))
            throw new ArgumentException($"Expected a mono waveform [time] or a batch [batch, time], got shape {waveform.ShapeText()}. For a [channels, time] recording call Waveform.ToMono first.", nameof(waveform));
        Waveform.CheckFinite(waveform, "the waveform");
        var length = waveform.shape[^1];
        if (s.Center)
        {
            var pad = s.NFft / 2;
            if (s.PadMode == PadMode.Reflect && length <= pad)
                throw new ArgumentException($"Reflect padding of nFft/2 = {pad} samples needs a signal longer than {pad} samples; got {length}. Use a smaller nFft or PadMode.Constant.", nameof(waveform));
            if (s.PadMode == PadMode.Circular && length < pad)
                throw new ArgumentException($"Circular padding of nFft/2 = {pad} samples needs at least {pad} samples; got {length}.", nameof(waveform));
        }
        else if (length < s.NFft)
            throw new ArgumentException($"Without centring, one frame needs nFft = {s.NFft} samples; the signal has {length}.", nameof(waveform));
    }
}
