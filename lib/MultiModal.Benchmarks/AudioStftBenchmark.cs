using MultiModal.Audio;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Benchmarks;

/// <summary>
/// The audio toolkit's STFT and log-mel on 10 s of 16 kHz audio against the raw TorchSharp calls they wrap (overhead
/// ratio, target ≤ 1.1), and the didactic O(N²) DFT STFT (to show why the FFT matters).
/// </summary>
public sealed class AudioStftBenchmark : IBenchmark
{
    public string Name => "stft";
    public string Description => "STFT and log-mel of 10 s at 16 kHz: library vs raw TorchSharp (target ratio ≤ 1.1), and the didactic DFT";

    public void Run(TextWriter output)
    {
        var s = StftSettings.Speech16k;
        var melSettings = MelFilterbankSettings.Speech16k;
        using var x = Signals.Vowel(140, 10.0, 16000) + Signals.Chirp(100, 7000, 10.0, 16000, 0.1); // [160000]
        using var window = hamming_window(s.WinLength, periodic: true); // [400]
        using var melSpec = new MelSpectrogram(s, melSettings);
        using var fb = melSpec.Filterbank; // [64, 257]
        var db = DecibelSettings.Librosa;

        // The 2 cores are shared: interleave library and raw calls and keep each side's fastest run (the least
        // disturbed one), which estimates the intrinsic cost better than a mean under load.
        void Raw()
        {
            using var y = stft(x, s.NFft, s.Hop, s.WinLength, window, true, PaddingModes.Reflect, false, true, true); // [257, 1001]
        }
        void Lib()
        {
            using var y = Stft.Forward(x, s); // [257, 1001]
        }
        void RawMel()
        {
            using var spec = stft(x, s.NFft, s.Hop, s.WinLength, window, true, PaddingModes.Reflect, false, true, true); // [257, 1001]
            using var re = spec.real;
            using var im = spec.imag;
            using var re2 = re.square();
            using var im2 = im.square();
            using var p = re2 + im2; // [257, 1001] |X|²
            using var mel = matmul(fb, p); // [64, 1001]
            using var floored = mel.clamp_min(1e-10);
            using var lg = floored.log10();
            using var logMel = lg * 10; // [64, 1001]
            using var top = logMel.max();
            using var floor = top - 80;
            using var y = maximum(logMel, floor);
        }
        void LibMel()
        {
            using var y = melSpec.LogMel(x, db); // [64, 1001]
        }
        // One intra-op thread: on a loaded 2-core machine a second torch thread that gets descheduled stalls every call,
        // which swamps the ~0.1 ms differences this benchmark is about.
        var threads = get_num_threads();
        set_num_threads(1);
        var (raw, lib) = FastestInterleaved(Raw, Lib, 40);
        var (rawMel, libMel) = FastestInterleaved(RawMel, LibMel, 40);
        void AbsSquare()
        {
            using var scope = NewDisposeScope();
            _ = stft(x, s.NFft, s.Hop, s.WinLength, window, true, PaddingModes.Reflect, false, true, true).abs().square();
        }
        void ReIm()
        {
            using var scope = NewDisposeScope();
            var spec = stft(x, s.NFft, s.Hop, s.WinLength, window, true, PaddingModes.Reflect, false, true, true);
            _ = spec.real.square() + spec.imag.square();
        }
        var (absSquare, reIm) = FastestInterleaved(AbsSquare, ReIm, 20);
        var (guard, _) = FastestInterleaved(() => Waveform.CheckFinite(x), () => { }, 40);
        set_num_threads(threads);
        output.WriteLine($"  STFT   [257 x 1001] (1 thread, fastest of 40): raw torch.stft {raw:F2} ms, Stft.Forward {lib:F2} ms, ratio {lib / raw:F2} (target <= 1.1)");
        output.WriteLine($"  log-mel [64 x 1001] (1 thread, fastest of 40): raw TorchSharp {rawMel:F2} ms, MelSpectrogram.LogMel {libMel:F2} ms, ratio {libMel / rawMel:F2} (target <= 1.1)");

        output.WriteLine($"  of which the NaN/Inf guard on the input (one sum over 160000 samples): {guard:F3} ms");
        output.WriteLine($"  power |X|²: stft.abs().square() {absSquare:F2} ms vs real² + imag² {reIm:F2} ms (complex abs computes a hypot per bin)");
        using var oneSecond = x[..16000].to(float64); // the didactic DFT is O(N^2) per frame: time 1 s and scale up
        var didactic = Measure.MedianMs(() => { using var y = DidacticDft.Stft(oneSecond, s); }, runs: 3, warmup: 1);
        output.WriteLine($"  didactic DFT STFT: {didactic:F0} ms per second of audio → ~{didactic * 10 / 1000:F1} s for 10 s, {didactic * 10 / raw:F0}x the FFT");
        output.WriteLine($"  RSS {Measure.RssMiB():F0} MiB");
    }

    private static (double A, double B) FastestInterleaved(Action a, Action b, int runs)
    {
        a(); b(); a(); b(); // warm-up
        double bestA = double.MaxValue, bestB = double.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            a();
            bestA = Math.Min(bestA, sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            b();
            bestB = Math.Min(bestB, sw.Elapsed.TotalMilliseconds);
        }
        return (bestA, bestB);
    }
}
