using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using MultiModal.Display;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using MultiModal.Platform;
using MultiModal.World;

namespace MultiModal;

/// <summary>
/// The environment check a student runs first (<c>00_setup</c>): versions of everything the course uses, and
/// one real exercise of each piece (a tensor with autograd, a chart, an image, a sound) with a verdict.
/// </summary>
public static class EnvironmentCheck
{
    /// <summary>One line of the check: what was tried, whether it worked, and the detail (or what to do).</summary>
    public sealed record Item(string Name, bool Ok, string Detail);

    /// <summary>The result of <see cref="Run"/>; displays as a table with a verdict in a notebook.</summary>
    public sealed record Report(IReadOnlyList<Item> Items)
    {
        /// <summary>True when every item passed.</summary>
        public bool Ready => Items.All(i => i.Ok);

        /// <summary>The verdict for people.</summary>
        public string Verdict => Ready
            ? "You are ready: every part of the course works on this machine."
            : "Not ready: " + string.Join("; ", Items.Where(i => !i.Ok).Select(i => $"{i.Name}: {i.Detail}"));

        /// <summary>HTML table plus the verdict.</summary>
        public string ToHtml()
        {
            var table = Html.Table(["check", "result", "detail"], Items.Select(i => new[] { i.Name, i.Ok ? "✔" : "✘", i.Detail }));
            var colour = Ready ? "#1a7f37" : "#cf222e";
            return $"{table}<p style=\"color:{colour};font-weight:bold\">{WebUtility.HtmlEncode(Verdict)}</p>";
        }

        /// <inheritdoc />
        public override string ToString() =>
            string.Join("\n", Items.Select(i => $"{(i.Ok ? "ok  " : "FAIL")} {i.Name}: {i.Detail}")) + "\n" + Verdict;
    }

    /// <summary>Versions of the runtime and of every package the course pins.</summary>
    public static IReadOnlyList<(string Component, string Version)> Versions()
    {
        static string V(Type t) =>
            t.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? t.Assembly.GetName().Version?.ToString() ?? "?";
        return
        [
            (".NET runtime", Environment.Version.ToString()),
            ("OS", RuntimeInformation.OSDescription),
            ("CPU cores", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("TorchSharp", V(typeof(torch))),
            ("libtorch", torch.__version__ ?? "?"),
            ("Plotly.NET", V(typeof(Plotly.NET.GenericChart))),
            ("SixLabors.ImageSharp", V(typeof(Image))),
            ("NAudio.Core", V(typeof(WaveFormat))),
            ("MultiModal", V(typeof(Course))),
            ("profile", Course.Profile.ToString()),
        ];
    }

    /// <summary>Versions as an HTML table.</summary>
    public static string VersionsHtml() => Html.Table(["component", "version"], Versions().Select(v => new[] { v.Component, v.Version }));

    /// <summary>A 440 Hz sine made with NAudio's signal generator (mono, float samples in [-gain, gain]).</summary>
    public static float[] Tone(double frequency = 440, double seconds = 1, int sampleRate = 16000, double gain = 0.5)
    {
        if (frequency <= 0 || frequency >= sampleRate / 2.0) throw new ArgumentOutOfRangeException(nameof(frequency), frequency, $"frequency must be in (0, {sampleRate / 2}) Hz for a {sampleRate} Hz sample rate.");
        if (seconds <= 0) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "seconds must be positive.");
        var gen = new SignalGenerator(sampleRate, 1) { Type = SignalGeneratorType.Sin, Frequency = frequency, Gain = gain };
        var samples = new float[(int)Math.Round(seconds * sampleRate)];
        var read = gen.Read(samples, 0, samples.Length);
        return read == samples.Length ? samples : samples[..read];
    }

    /// <summary>A small test picture drawn pixel by pixel with ImageSharp: a colour gradient with a disc.</summary>
    public static Image<Rgb24> TestImage(int size = 64)
    {
        var img = new Image<Rgb24>(size, size);
        var c = size / 2.0;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var inside = (x - c) * (x - c) + (y - c) * (y - c) < size * size / 9.0;
                img[x, y] = inside ? new Rgb24(230, 60, 50) : new Rgb24((byte)(255 * x / size), (byte)(255 * y / size), 160);
            }
        return img;
    }

    /// <summary>Runs every check. Never throws: a failure becomes a line that says what is wrong.</summary>
    public static Report Run()
    {
        var items = new List<Item>
        {
            Try("TorchSharp native backend", () =>
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true); // (3,)
                (x * x).sum().backward();                                          // d/dx Σx² = 2x
                var g = x.grad!.data<double>().ToArray();
                return g.SequenceEqual([2.0, 4.0, 6.0]) ? $"autograd gives 2x = [{string.Join(", ", g)}]" : throw new InvalidOperationException($"wrong gradient [{string.Join(", ", g)}]");
            }),
            Try("Plotly.NET chart", () =>
            {
                var chart = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 0.0, 1, 2 }, y: new[] { 0.0, 1, 4 });
                var html = Charts.ToHtml(chart);
                return html.Contains("Plotly.newPlot", StringComparison.Ordinal) ? $"renders offline ({html.Length / 1024} KiB of HTML)" : throw new InvalidOperationException("no plot in the HTML");
            }),
            Try("ImageSharp PNG", () =>
            {
                using var img = TestImage();
                var png = Html.Png(img);
                return png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? $"64×64 image encoded ({png.Length} bytes)" : throw new InvalidDataException("not a PNG signature");
            }),
            Try("NAudio tone", () =>
            {
                var tone = Tone();
                var rms = Math.Sqrt(tone.Average(s => (double)s * s));
                var wav = new AudioPlayer(tone, 16000).ToWav();
                return Math.Abs(rms - 0.5 / Math.Sqrt(2)) < 0.01 ? $"440 Hz sine, RMS {rms:F3} (expected {0.5 / Math.Sqrt(2):F3}), WAV {wav.Length} bytes" : throw new InvalidOperationException($"RMS {rms:F3} is not that of a 0.5-gain sine");
            }),
            Try("Platform compatibility", () => GlibcxxCompat.EnsureTorchSharpLoads()),
            Try("libtorch", () =>
            {
                // The libtorch TorchSharp runs on must be its own 2.10, not one another package put on the system path.
                var report = LibTorchPreload.Ensure();
                var mapped = LibTorchPreload.LoadedLibtorch();
                if (mapped is null || !OperatingSystem.IsLinux()) return report;
                return LibTorchPreload.IsOwn(mapped)
                    ? $"TorchSharp runs on {mapped}; {report}"
                    : throw new InvalidOperationException($"TorchSharp runs on {mapped}, not its own libtorch {LibTorchPreload.Version} ({LibTorchPreload.PackageFolder() ?? "not found"}): " +
                                                          "restart the kernel so the course's first cell loads first, and unset LD_PRELOAD / LD_LIBRARY_PATH entries that point at another PyTorch.");
            }),
        };
        return new Report(items);
    }

    private static Item Try(string name, Func<string> check)
    {
        try { return new Item(name, true, check()); }
        catch (Exception e) { return new Item(name, false, $"{e.GetType().Name}: {e.Message}"); }
    }
}
