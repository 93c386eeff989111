using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Audio;

/// <summary>
/// Band-limited resampling with a Hann-windowed sinc filter (the method of torchaudio's default
/// <c>sinc_interp_hann</c>): the rates are reduced by their gcd to orig:new, and each output phase gets its own
/// windowed-sinc kernel with cut-off rolloff·min(orig, new)/2, applied as a strided convolution.
/// </summary>
public static class Resample
{
    /// <summary>Resamples [time] or [channels, time] from <paramref name="fromRate"/> to <paramref name="toRate"/> Hz → ceil(time·to/from) samples per channel.</summary>
    /// <param name="waveform">Audio, [time] or [channels, time].</param>
    /// <param name="fromRate">Its sample rate in Hz.</param>
    /// <param name="toRate">The wanted sample rate in Hz.</param>
    /// <param name="zeroCrossings">Zeros of the sinc on each side of the kernel (quality vs speed; 6 as torchaudio).</param>
    /// <param name="rolloff">Cut-off as a fraction of the lower Nyquist frequency (&lt; 1 leaves room for the filter's transition band).</param>
    public static Tensor Apply(Tensor waveform, int fromRate, int toRate, int zeroCrossings = 6, double rolloff = 0.99)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (fromRate <= 0 || toRate <= 0) throw new ArgumentException($"Sample rates must be positive; got {fromRate} Hz → {toRate} Hz.");
        if (zeroCrossings < 1) throw new ArgumentOutOfRangeException(nameof(zeroCrossings), zeroCrossings, "Need at least 1 zero crossing.");
        if (rolloff is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(rolloff), rolloff, "rolloff must be in (0, 1].");
        if (waveform.dim() is not (1 or 2)) throw new ArgumentException($"Expected [time] or [channels, time], got {waveform.ShapeText()}.", nameof(waveform));
        Waveform.CheckFinite(waveform);
        if (fromRate == toRate) return waveform.clone();

        var g = Gcd(fromRate, toRate);
        var orig = fromRate / g;
        var next = toRate / g;
        using var scope = NewDisposeScope();
        var x = waveform.dim() == 1 ? waveform.unsqueeze(0) : waveform; // [channels, time]
        var dtype = x.dtype == float64 ? float64 : float32;
        x = x.to(dtype);
        var (kernel, width) = Kernel(orig, next, zeroCrossings, rolloff, dtype); // [next, 1, 2·width + orig]
        var length = x.shape[1];
        var padded = nn.functional.pad(x, [width, width + orig]).unsqueeze(1); // [channels, 1, time + 2·width + orig]
        var y = nn.functional.conv1d(padded, kernel, stride: orig); // [channels, next, steps]
        y = y.transpose(1, 2).reshape(x.shape[0], -1); // [channels, steps·next]
        var target = (long)Math.Ceiling((double)next * length / orig);
        y = y[.., ..(int)target]; // [channels, target]
        if (waveform.dim() == 1) y = y[0]; // [target]
        return y.contiguous().MoveToOuterDisposeScope();
    }

    private static (Tensor Kernel, int Width) Kernel(int orig, int next, int zeroCrossings, double rolloff, ScalarType dtype)
    {
        var baseFreq = Math.Min(orig, next) * rolloff; // cut-off in units where the lower rate is min(orig, next)
        var width = (int)Math.Ceiling(zeroCrossings * orig / baseFreq);
        var taps = 2 * width + orig;
        var k = new double[next * taps];
        for (var phase = 0; phase < next; phase++)
        for (var j = 0; j < taps; j++)
        {
            // time (in input samples) between output sample `phase` and input tap j, scaled to the cut-off
            var t = ((double)(j - width) / orig - (double)phase / next) * baseFreq;
            t = Math.Clamp(t, -zeroCrossings, zeroCrossings);
            var window = Math.Pow(Math.Cos(t * Math.PI / zeroCrossings / 2), 2); // Hann taper over the zero crossings
            var sinc = t == 0 ? 1.0 : Math.Sin(Math.PI * t) / (Math.PI * t);
            k[phase * taps + j] = sinc * window * baseFreq / orig;
        }
        using var shared = tensor(k, [next, 1, taps]); // may share the managed array
        return (shared.to(dtype, copy: true), width);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
