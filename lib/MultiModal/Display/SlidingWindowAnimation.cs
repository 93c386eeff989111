using System.Globalization;
using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Audio;
using MultiModal.Tensors;

namespace MultiModal.Display;

/// <summary>
/// The STFT as a movie: a window slides along the waveform (top); the spectrum of the windowed frame is shown in
/// dB (middle); and the spectrogram fills in column by column (bottom). Available as an interactive Plotly chart
/// with a slider and play button (<see cref="Chart"/>) and as an animated GIF that needs no JavaScript (<see cref="Gif"/>).
/// The spectrogram is the power STFT of <see cref="Settings"/> in dB relative to its maximum, floored at −80 dB.
/// </summary>
public sealed class SlidingWindowAnimation
{
    private readonly float[] _wave;
    private readonly double[] _window;   // padded to nFft
    private readonly double[,] _db;      // [freq, frames]
    private readonly int[] _shown;       // frame indices animated

    /// <summary>STFT settings of the animation.</summary>
    public StftSettings Settings { get; }
    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }
    /// <summary>Number of STFT frames of the whole signal.</summary>
    public int NumFrames { get; }
    /// <summary>The frame indices that become animation steps.</summary>
    public IReadOnlyList<int> ShownFrames => _shown;

    /// <summary>Prepares the animation of a mono waveform [time].</summary>
    /// <param name="waveform">Mono audio [time].</param>
    /// <param name="sampleRate">Its sample rate in Hz.</param>
    /// <param name="settings">STFT settings (onesided).</param>
    /// <param name="maxSteps">At most this many animation steps (frames are sub-sampled evenly).</param>
    /// <param name="maxHz">Highest frequency shown (default: the Nyquist frequency sampleRate/2).</param>
    public SlidingWindowAnimation(Tensor waveform, int sampleRate, StftSettings settings, int maxSteps = 40, double? maxHz = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Onesided) throw new ArgumentException("The animation shows onesided spectra.", nameof(settings));
        if (maxSteps < 2) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "Need at least 2 steps.");
        using var scope = NewDisposeScope();
        var mono = Waveform.RequireMono(waveform);
        var power = Spectrogram.Power(mono, settings); // [freq, frames]
        var shownBins = maxHz is double top ? Math.Clamp((int)Math.Floor(top * settings.NFft / sampleRate) + 1, 2, settings.NumFreqs) : settings.NumFreqs;
        var db = Decibels.FromPower(power, new DecibelSettings(1e-10, null, 80))[..shownBins].to(float64).contiguous(); // [shownBins, frames]
        Settings = settings;
        SampleRate = sampleRate;
        _wave = mono.ToFloats();
        _window = Stft.PaddedWindow(settings);
        var freqs = (int)db.shape[0];
        NumFrames = (int)db.shape[1];
        var flat = db.data<double>().ToArray();
        _db = new double[freqs, NumFrames];
        Buffer.BlockCopy(flat, 0, _db, 0, flat.Length * sizeof(double));
        var steps = Math.Min(maxSteps, NumFrames);
        _shown = Enumerable.Range(0, steps).Select(i => (int)Math.Round((double)i * (NumFrames - 1) / (steps - 1))).Distinct().ToArray();
    }

    private double FrameStart(int t) => t * Settings.Hop - (Settings.Center ? Settings.NFft / 2 : 0); // first sample under the frame
    private double FrameTime(int t) => (Settings.Center ? t * Settings.Hop : t * Settings.Hop + Settings.NFft / 2.0) / SampleRate;
    private double Peak => Math.Max(1e-6, _wave.Max(Math.Abs));

    private (double[] X, double[] Y) WindowCurve(int t)
    {
        var n = Settings.NFft;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++) { x[i] = (FrameStart(t) + i) / SampleRate; y[i] = _window[i] * Peak; }
        return (x, y);
    }

    private double[] Column(int t) => Enumerable.Range(0, _db.GetLength(0)).Select(k => _db[k, t]).ToArray();

    /// <summary>The interactive chart: press ▶ or drag the slider.</summary>
    public GenericChart Chart()
    {
        var inv = CultureInfo.InvariantCulture;
        var stride = Math.Max(1, _wave.Length / 4000);
        var waveX = Enumerable.Range(0, _wave.Length / stride).Select(i => (double)i * stride / SampleRate).ToArray();
        var waveY = Enumerable.Range(0, _wave.Length / stride).Select(i => (double)_wave[i * stride]).ToArray();
        var freqs = Settings.BinFrequencies(SampleRate)[.._db.GetLength(0)];
        var times = Enumerable.Range(0, NumFrames).Select(FrameTime).ToArray();
        var z = Enumerable.Range(0, freqs.Length).Select(k => Enumerable.Range(0, NumFrames).Select(t => _db[k, t]).ToArray()).ToArray();
        var first = _shown[0];
        var (wx, wy) = WindowCurve(first);
        var half = times.Length > 1 ? (times[1] - times[0]) / 2 : 0.005;

        var traces = new[]
        {
            Trace("scatter", ("x", waveX), ("y", waveY), ("mode", "lines"), ("name", "waveform"), ("line", new { color = "#555", width = 1 }), ("xaxis", "x"), ("yaxis", "y")),
            Trace("scatter", ("x", wx), ("y", wy), ("mode", "lines"), ("name", $"{Settings.Window} window"), ("line", new { color = "#d62728", width = 2 }), ("xaxis", "x"), ("yaxis", "y")),
            Trace("scatter", ("x", freqs), ("y", Column(first)), ("mode", "lines"), ("name", "spectrum of this frame (dB)"), ("line", new { color = "#1f77b4", width = 1.5 }), ("xaxis", "x2"), ("yaxis", "y2")),
            Trace("heatmap", ("x", times), ("y", freqs), ("z", z), ("colorscale", "Viridis"), ("showscale", false), ("name", "spectrogram"), ("xaxis", "x3"), ("yaxis", "y3")),
            Trace("scatter", ("x", Mask(first, times, half, freqs[^1]).X), ("y", Mask(first, times, half, freqs[^1]).Y), ("fill", "toself"), ("fillcolor", "rgba(255,255,255,0.9)"),
                ("line", new { width = 0 }), ("mode", "lines"), ("name", "not computed yet"), ("hoverinfo", "skip"), ("xaxis", "x3"), ("yaxis", "y3")),
        };
        var chart = GenericChart.combine(traces.Select(t => GenericChart.ofTraceObject(true, t)));

        var frames = _shown.Select(t =>
        {
            var (x, y) = WindowCurve(t);
            var m = Mask(t, times, half, freqs[^1]);
            return (object)new { name = t.ToString(inv), data = new object[] { new { x, y }, new { y = Column(t) }, new { x = m.X, y = m.Y } }, traces = new[] { 1, 2, 4 } };
        }).ToList();
        var layout = new Layout();
        layout.SetProperty("height", 680);
        layout.SetProperty("showlegend", false);
        layout.SetProperty("title", new { text = $"Sliding window: {Settings.Describe(SampleRate)}", font = new { size = 12 } });
        layout.SetProperty("xaxis", new { domain = new[] { 0, 1 }, anchor = "y", title = new { text = "time (s)" } });
        layout.SetProperty("yaxis", new { domain = new[] { 0.74, 1 }, anchor = "x", title = new { text = "amplitude" } });
        layout.SetProperty("xaxis2", new { domain = new[] { 0, 1 }, anchor = "y2", title = new { text = "frequency (Hz)" } });
        layout.SetProperty("yaxis2", new { domain = new[] { 0.42, 0.64 }, anchor = "x2", range = new[] { -85, 5 }, title = new { text = "dB" } });
        layout.SetProperty("xaxis3", new { domain = new[] { 0, 1 }, anchor = "y3", matches = "x", title = new { text = "time (s)" } });
        layout.SetProperty("yaxis3", new { domain = new[] { 0, 0.32 }, anchor = "x3", title = new { text = "Hz" } });
        layout.SetProperty("margin", new { t = 40, b = 130 });
        chart = Charts.WithPlayer(GenericChart.setLayout(layout, chart),
            _shown.Select(t => (t.ToString(inv), FrameTime(t).ToString("0.000", inv))).ToArray(), "frame centre (s): ", 120, redraw: false);
        return Charts.WithFrames(chart, frames);
    }

    private static (double[] X, double[] Y) Mask(int t, double[] times, double half, double top)
    {
        var x0 = times[t] + half;
        var x1 = times[^1] + half;
        return ([x0, x1, x1, x0, x0], [0, 0, top, top, 0]);
    }

    private static Trace Trace(string type, params (string Name, object Value)[] properties)
    {
        var trace = new Trace2D(type);
        foreach (var (name, value) in properties) trace.SetProperty(name, value);
        return trace;
    }

    /// <summary>The same animation as a GIF (no JavaScript needed): waveform + window, frame spectrum, spectrogram filling in.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="delayMs">Delay between frames.</param>
    public GifAnimation Gif(int width = 480, int delayMs = 150)
    {
        const int waveH = 110, specH = 120, gramH = 140, gap = 8;
        var height = waveH + specH + gramH + 2 * gap;
        var freqs = _db.GetLength(0);
        using var dbTensor = tensor(Flatten(_db), [freqs, NumFrames]); // [freq, frames]
        using var gram = Heatmap.ToImage(dbTensor, Colormap.Viridis, originLower: true);
        gram.Mutate(g => g.Resize(width, gramH, KnownResamplers.NearestNeighbor));
        var frames = new List<Image<Rgba32>>();
        var peak = Peak;
        foreach (var t in _shown)
        {
            var img = new Image<Rgba32>(width, height, new Rgba32(255, 255, 255));
            // Waveform: min/max envelope per pixel column, window region shaded, window curve in red.
            var perPx = (double)_wave.Length / width;
            var start = FrameStart(t);
            for (var px = 0; px < width; px++)
            {
                var a = (int)(px * perPx);
                var b = Math.Max(a + 1, (int)((px + 1) * perPx));
                var inWindow = a >= start && a < start + Settings.NFft;
                if (inWindow) VLine(img, px, 0, waveH - 1, new Rgba32(255, 235, 232));
                float lo = 0, hi = 0;
                for (var i = a; i < Math.Min(b, _wave.Length); i++) { lo = Math.Min(lo, _wave[i]); hi = Math.Max(hi, _wave[i]); }
                VLine(img, px, Y(hi, peak, waveH, 0), Y(lo, peak, waveH, 0), inWindow ? new Rgba32(240, 140, 130) : new Rgba32(185, 185, 185));
            }
            var prev = -1;
            for (var i = 0; i < Settings.NFft; i++)
            {
                var px = (int)((start + i) / perPx);
                if (px < 0 || px >= width) continue;
                var py = Y(_window[i] * peak, peak, waveH, 0);
                for (var dx = 0; dx < 2 && px + dx < width; dx++) // 2 px wide so it reads at a glance
                    VLine(img, px + dx, (prev < 0 ? py : Math.Min(prev, py)) - 1, (prev < 0 ? py : Math.Max(prev, py)) + 1, new Rgba32(200, 20, 20));
                prev = py;
            }
            // Spectrum of this frame in dB (−80..0) as a line over frequency.
            var top = waveH + gap;
            HLine(img, 0, width - 1, top + specH - 1, new Rgba32(200, 200, 200));
            var prevY = -1;
            for (var px = 0; px < width; px++)
            {
                var k = (int)((double)px / width * freqs);
                var py = top + (int)Math.Round(Math.Clamp(-_db[k, t] / 80.0, 0, 1) * (specH - 1));
                VLine(img, px, prevY < 0 ? py : Math.Min(prevY, py), prevY < 0 ? py : Math.Max(prevY, py), new Rgba32(31, 119, 180));
                prevY = py;
            }
            // Spectrogram: columns up to this frame, the rest faded; the current column marked.
            var gTop = waveH + specH + 2 * gap;
            var done = (int)Math.Round((t + 1.0) / NumFrames * width);
            for (var px = 0; px < width; px++)
            for (var py = 0; py < gramH; py++)
            {
                var c = gram[px, py];
                img[px, gTop + py] = px < done ? c : new Rgba32((byte)(235 + c.R / 20), (byte)(235 + c.G / 20), (byte)(235 + c.B / 20));
            }
            VLine(img, Math.Clamp(done - 1, 0, width - 1), gTop, gTop + gramH - 1, new Rgba32(214, 39, 40));
            frames.Add(img);
        }
        return new GifAnimation(frames, delayMs, $"Sliding {Settings.Window} window (top), spectrum of the frame in dB (middle), spectrogram filling in (bottom)");
    }

    private static int Y(double v, double peak, int h, int top) => top + (int)Math.Round((1 - (v / peak + 1) / 2) * (h - 1));

    private static void VLine(Image<Rgba32> img, int x, int y0, int y1, Rgba32 c)
    {
        for (var y = Math.Max(0, y0); y <= Math.Min(img.Height - 1, y1); y++) img[x, y] = c;
    }

    private static void HLine(Image<Rgba32> img, int x0, int x1, int y, Rgba32 c)
    {
        for (var x = Math.Max(0, x0); x <= Math.Min(img.Width - 1, x1); x++) img[x, y] = c;
    }

    private static double[] Flatten(double[,] a)
    {
        var flat = new double[a.Length];
        Buffer.BlockCopy(a, 0, flat, 0, flat.Length * sizeof(double));
        return flat;
    }
}
