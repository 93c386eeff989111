using MultiModal.Audio;
using MultiModal.Display;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace MultiModal.Benchmarks;

/// <summary>
/// Displays: RSS over 2,000 rounds of the pictures the notebooks draw from tensors — an attention grid and GIF of a
/// caption, a heatmap, a spectrogram image and chart, a tensor's text — each round in its own dispose scope, the
/// images disposed, as a notebook would (target: less than 5 % growth after warm-up). The tests count tensors
/// (<c>NoLeakTests</c>); this watches everything else a display holds: images, encoders, strings.
/// </summary>
public sealed class DisplayMemoryBenchmark : IBenchmark
{
    public string Name => "displays";
    public string Description => "RSS over 2,000 rounds of attention grid + GIF, heatmap, spectrogram image + chart, tensor text (target: < 5 % growth)";

    public void Run(TextWriter output)
    {
        Course.Seed(0);
        using var image = new Image<Rgb24>(64, 64, new Rgb24(200, 100, 0));
        var words = new[] { "a", "red", "circle", "left", "of", "a", "blue", "square" };
        var settings = new StftSettings(256, 128, 256, WindowKind.Hamming, true, true, PadMode.Reflect, false, true);
        var wave = Signals.Chirp(200, 3000, 0.5, 8000);                                // [4000]
        var rss = new List<(int Round, double MiB)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round <= 2000; round++)
        {
            if (round % 200 == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); rss.Add((round, Measure.RssMiB())); }
            using var scope = NewDisposeScope();
            var attention = softmax(randn(words.Length, 64), 1).reshape(words.Length, 8, 8); // (words, 8, 8)
            AttentionOverlay.Grid(image, words, attention).Dispose();
            foreach (var frame in AttentionOverlay.Gif(image, words, attention, scale: 2).Frames) frame.Dispose();
            Heatmap.ToImage(randn(20, 30), cellWidth: 2, cellHeight: 2).Dispose();
            SpectrogramImage.Of(wave, settings).Dispose();
            SpectrogramImage.Plot(wave, 8000, settings);
            NotebookFormatters.TensorText(randn(3, 4));
        }
        output.WriteLine($"  {clock.Elapsed.TotalMilliseconds / 2001:F1} ms a round");
        Measure.ReportRssGrowth(output, "RSS over 2,000 display rounds", rss, warmUp: 400);
    }
}
