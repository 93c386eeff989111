using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;
using MultiModal.Tensors;

namespace MultiModal.Audio;

/// <summary>Area normalisation of the mel filters.</summary>
public enum MelNorm
{
    /// <summary>Every triangle peaks at 1 (torchaudio's default): wide high-frequency filters collect more energy.</summary>
    None,
    /// <summary>Slaney: each triangle is scaled by 2/(f_right − f_left) so all have (about) equal area (librosa's default).</summary>
    Slaney,
}

/// <summary>
/// Settings of a mel filterbank. librosa's defaults are <c>Scale = Slaney, Norm = Slaney</c>;
/// torchaudio's are <c>Scale = Htk, Norm = None</c>. Both libraries build the same triangles for the same settings.
/// </summary>
/// <param name="SampleRate">Sample rate of the audio in Hz.</param>
/// <param name="NFft">FFT size of the spectrogram (the filterbank has nFft/2 + 1 columns).</param>
/// <param name="NMels">Number of mel bands (rows).</param>
/// <param name="FMin">Lowest edge in Hz (usually 0).</param>
/// <param name="FMax">Highest edge in Hz (usually sampleRate/2).</param>
/// <param name="Scale">Which mel formula places the band edges.</param>
/// <param name="Norm">Whether the triangles are area-normalised.</param>
public sealed record MelFilterbankSettings(int SampleRate, int NFft, int NMels, double FMin, double FMax, MelScaleKind Scale, MelNorm Norm)
{
    /// <summary>The course's 16 kHz setting: nFft 512, 64 mels from 0 to 8000 Hz, Slaney scale and norm (librosa's conventions).</summary>
    public static MelFilterbankSettings Speech16k { get; } = new(16000, 512, 64, 0, 8000, MelScaleKind.Slaney, MelNorm.Slaney);

    /// <summary>The settings as one line, for notebooks to state their convention.</summary>
    public string Describe() => string.Format(CultureInfo.InvariantCulture,
        "{0} mels, {1:0.#}–{2:0.#} Hz, {3} mel scale, {4} normalisation, nFft {5} at {6} Hz", NMels, FMin, FMax, Scale, Norm == MelNorm.None ? "no" : "Slaney area", NFft, SampleRate);
}

/// <summary>
/// The mel filterbank: NMels overlapping triangular filters, equally spaced on the mel scale, applied to the
/// nFft/2 + 1 bins of a spectrogram. Matrix shape [nMels, nFreqs] (librosa's orientation; torchaudio stores the
/// transpose). Filter m rises linearly from edge f[m] to a peak at f[m+1] and falls to f[m+2], where
/// f = mel⁻¹(linspace(mel(fMin), mel(fMax), nMels + 2)); bins are at k·sampleRate/nFft Hz.
/// </summary>
public static class MelFilterbank
{
    /// <summary>The filterbank matrix [nMels, nFreqs] (float32 unless <paramref name="dtype"/>), computed in double precision.</summary>
    /// <exception cref="ArgumentException">Impossible settings, or so many mels for so few bins that some filters are empty (all zeros).</exception>
    public static Tensor Create(MelFilterbankSettings settings, ScalarType dtype = ScalarType.Float32)
    {
        var w = Values(settings);
        var nMels = settings.NMels;
        var nFreqs = settings.NFft / 2 + 1;
        var empty = Enumerable.Range(0, nMels).Where(m => Enumerable.Range(0, nFreqs).All(k => w[m, k] == 0)).ToList();
        if (empty.Count > 0)
            throw new ArgumentException($"{empty.Count} of the {nMels} mel filters cover no FFT bin (e.g. filter {empty[0]}): nMels = {nMels} is too many for nFft = {settings.NFft} " +
                                        $"(bins every {(double)settings.SampleRate / settings.NFft:0.#} Hz). Use fewer mels or a larger nFft.");
        var flat = new double[nMels * nFreqs];
        Buffer.BlockCopy(w, 0, flat, 0, flat.Length * sizeof(double));
        using var t = tensor(flat, [nMels, nFreqs]); // [nMels, nFreqs], may share the managed array
        return t.to(dtype, copy: true); // own storage: the array is not kept alive by the result
    }

    /// <summary>The band edges f[0..nMels+1] in Hz (filter m spans f[m]..f[m+2] with its peak at f[m+1]).</summary>
    public static double[] EdgesHz(MelFilterbankSettings settings)
    {
        Check(settings);
        var lo = MelScale.HzToMel(settings.FMin, settings.Scale);
        var hi = MelScale.HzToMel(settings.FMax, settings.Scale);
        var n = settings.NMels + 2;
        return Enumerable.Range(0, n).Select(i => MelScale.MelToHz(lo + (hi - lo) * i / (n - 1), settings.Scale)).ToArray();
    }

    /// <summary>Applies the filterbank to a spectrogram: [.., freq, frames] → [.., nMels, frames].</summary>
    public static Tensor Apply(Tensor filterbank, Tensor spectrogram)
    {
        ArgumentNullException.ThrowIfNull(filterbank);
        ArgumentNullException.ThrowIfNull(spectrogram);
        if (spectrogram.is_complex()) throw new ArgumentException("Apply the mel filterbank to a power (or magnitude) spectrogram, not to the complex STFT.", nameof(spectrogram));
        if (spectrogram.dim() < 2 || spectrogram.shape[^2] != filterbank.shape[1])
            throw new ArgumentException($"The filterbank expects spectrograms with {filterbank.shape[1]} frequency bins in dim −2 ([.., freq, frames]); got {spectrogram.ShapeText()}. Were the nFft values the same?", nameof(spectrogram));
        return matmul(filterbank.to(spectrogram.dtype), spectrogram); // [.., nMels, frames]
    }

    /// <summary>
    /// An approximate inverse (mel → linear-frequency spectrogram) by least squares: the pseudo-inverse of the
    /// filterbank applied to the mel spectrogram, clamped at 0. [.., nMels, frames] → [.., freq, frames]. Detail
    /// lost by the mel compression (fine structure at high frequencies) cannot come back.
    /// </summary>
    public static Tensor ApproximateInverse(Tensor filterbank, Tensor melSpectrogram)
    {
        ArgumentNullException.ThrowIfNull(filterbank);
        ArgumentNullException.ThrowIfNull(melSpectrogram);
        if (melSpectrogram.dim() < 2 || melSpectrogram.shape[^2] != filterbank.shape[0])
            throw new ArgumentException($"Expected a mel spectrogram with {filterbank.shape[0]} mel bands in dim −2, got {melSpectrogram.ShapeText()}.", nameof(melSpectrogram));
        using var pinv = linalg.pinv(filterbank.to(float64)); // [freq, nMels]
        using var lin = matmul(pinv, melSpectrogram.to(float64)); // [.., freq, frames]
        using var clamped = lin.clamp_min(Constant(0L)); // [.., freq, frames]
        return clamped.to(melSpectrogram.dtype);
    }

    private static double[,] Values(MelFilterbankSettings s)
    {
        var f = EdgesHz(s);
        var nFreqs = s.NFft / 2 + 1;
        var w = new double[s.NMels, nFreqs];
        for (var m = 0; m < s.NMels; m++)
        {
            var norm = s.Norm == MelNorm.Slaney ? 2.0 / (f[m + 2] - f[m]) : 1.0;
            for (var k = 0; k < nFreqs; k++)
            {
                var hz = (double)k * s.SampleRate / s.NFft;
                var rising = (hz - f[m]) / (f[m + 1] - f[m]);
                var falling = (f[m + 2] - hz) / (f[m + 2] - f[m + 1]);
                w[m, k] = Math.Max(0.0, Math.Min(rising, falling)) * norm;
            }
        }
        return w;
    }

    private static void Check(MelFilterbankSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.SampleRate <= 0) throw new ArgumentException($"sampleRate = {s.SampleRate} must be positive.");
        if (s.NFft < 2) throw new ArgumentException($"nFft = {s.NFft} must be at least 2.");
        if (s.NMels < 1) throw new ArgumentException($"nMels = {s.NMels} must be at least 1.");
        if (s.FMin < 0 || s.FMax <= s.FMin) throw new ArgumentException($"Need 0 ≤ fMin < fMax; got fMin = {s.FMin} Hz, fMax = {s.FMax} Hz.");
        if (s.FMax > s.SampleRate / 2.0 + 1e-9) throw new ArgumentException($"fMax = {s.FMax} Hz is above the Nyquist frequency {s.SampleRate / 2.0} Hz of {s.SampleRate} Hz audio.");
    }
}
