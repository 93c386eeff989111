using System.Globalization;

namespace MultiModal.Audio;

/// <summary>
/// Every convention of a short-time Fourier transform, spelled out: nothing is left to a library default.
/// Frame t covers samples [t·hop, t·hop + nFft) of the (padded, if <see cref="Center"/>) signal; the window of
/// <see cref="WinLength"/> samples is zero-padded on both sides to nFft (as <c>torch.stft</c> does).
/// </summary>
/// <param name="NFft">FFT size: samples per frame, and the number of frequency bins (nFft/2 + 1 when onesided). Bin k is at k·sampleRate/nFft Hz.</param>
/// <param name="Hop">Samples between the starts of consecutive frames (the lecture's "offset", e.g. 160 = 10 ms at 16 kHz).</param>
/// <param name="WinLength">Window length in samples, ≤ nFft (e.g. 400 = 25 ms at 16 kHz).</param>
/// <param name="Window">Window shape (the lecture uses Hamming).</param>
/// <param name="PeriodicWindow">True: periodic window (M = N, torch/librosa STFT convention); false: symmetric (M = N − 1).</param>
/// <param name="Center">True: pad nFft/2 samples at both ends so frame t is centred on sample t·hop (frames = 1 + length / hop). False: no padding, frames = 1 + (length − nFft) / hop.</param>
/// <param name="PadMode">How the padding of a centred STFT is filled.</param>
/// <param name="Normalized">True: multiply the transform by 1/√nFft (torch.stft's <c>normalized=True</c>).</param>
/// <param name="Onesided">True: keep bins 0..nFft/2 only (a real signal's spectrum is conjugate-symmetric); false: all nFft bins.</param>
public sealed record StftSettings(int NFft, int Hop, int WinLength, WindowKind Window, bool PeriodicWindow, bool Center, PadMode PadMode, bool Normalized, bool Onesided)
{
    /// <summary>
    /// The course's speech setting at 16 kHz: nFft 512 (32 ms), hop 160 (10 ms), winLength 400 (25 ms), periodic
    /// Hamming, centred with reflect padding, not normalised, onesided (257 bins).
    /// </summary>
    public static StftSettings Speech16k { get; } = new(512, 160, 400, WindowKind.Hamming, true, true, PadMode.Reflect, false, true);

    /// <summary>Number of frequency bins: nFft/2 + 1 when onesided, else nFft.</summary>
    public int NumFreqs => Onesided ? NFft / 2 + 1 : NFft;

    /// <summary>Number of frames for a signal of <paramref name="length"/> samples under these settings.</summary>
    public long NumFrames(long length) => Center ? 1 + length / Hop : length < NFft ? 0 : 1 + (length - NFft) / Hop;

    /// <summary>Centre frequency in Hz of every bin, length <see cref="NumFreqs"/>.</summary>
    public double[] BinFrequencies(int sampleRate) => Enumerable.Range(0, NumFreqs).Select(k => (double)k * sampleRate / NFft).ToArray();

    /// <summary>Throws an <see cref="ArgumentException"/> that explains which setting is impossible.</summary>
    public void Validate()
    {
        if (NFft < 2) throw new ArgumentException($"nFft = {NFft}: an FFT needs at least 2 points (typical: 512 at 16 kHz).");
        if (Hop < 1) throw new ArgumentException($"hop = {Hop}: the hop must be at least 1 sample (typical: 160 = 10 ms at 16 kHz).");
        if (WinLength < 1 || WinLength > NFft) throw new ArgumentException($"winLength = {WinLength} must be between 1 and nFft = {NFft} (the window is zero-padded to nFft).");
        if (!Enum.IsDefined(Window)) throw new ArgumentException($"Unknown window {Window}.");
        if (!Enum.IsDefined(PadMode)) throw new ArgumentException($"Unknown pad mode {PadMode}.");
    }

    /// <summary>The settings as one line, for notebooks to state their convention.</summary>
    public string Describe(int? sampleRate = null)
    {
        var inv = CultureInfo.InvariantCulture;
        string Ms(int n) => sampleRate is { } sr ? string.Format(inv, " ({0:0.#} ms)", 1000.0 * n / sr) : "";
        return $"nFft {NFft}{Ms(NFft)}, hop {Hop}{Ms(Hop)}, winLength {WinLength}{Ms(WinLength)}, {(PeriodicWindow ? "periodic" : "symmetric")} {Window} window, " +
               $"{(Center ? $"centred ({PadMode} padding)" : "not centred")}, {(Normalized ? "normalised by 1/√nFft" : "not normalised")}, {(Onesided ? $"onesided ({NumFreqs} bins)" : $"two-sided ({NumFreqs} bins)")}";
    }
}
