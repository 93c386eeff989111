using MultiModal.Models.Generation;
using MultiModal.Training;
using static TorchSharp.torch;

namespace MultiModal.Benchmarks;

/// <summary>
/// The text-to-image GAN (notebook 06): time of one training step (batch 64: one discriminator update on three kinds
/// of pair, one generator update with GAN-INT) and RSS over 1,000 steps through <see cref="TextToImageGan.Fit"/>
/// (target: flat after warm-up), on random crops and sentence embeddings.
/// </summary>
public sealed class GanBenchmark : IBenchmark
{
    public string Name => "gan-steps";
    public string Description => "text-to-image GAN train step ms (batch 64, matching-aware + INT), RSS over 1,000 steps (target: flat)";

    public void Run(TextWriter output)
    {
        output.WriteLine($"  load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var world = ObjectCrops.World();
        using var crops = ObjectCrops.Load(world, MultiModal.World.Split.Train, 512);
        Course.Seed(0);
        var text = randn(crops.Count, 32);                                               // (512, 32): stands in for φ
        using var gan = new TextToImageGan();
        var rss = new List<(int Step, double MiB)>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var timed = 0.0;
        gan.Fit(crops, text, new GanTrainingConfig(Steps: 1001, Scenes: crops.Count), showProgress: false, afterStep: step =>
        {
            if (step == 51) watch.Restart();
            if (step == 251) timed = watch.Elapsed.TotalMilliseconds / 200;
            if (step % 100 == 1) rss.Add((step - 1, Measure.RssMiB()));
        });
        output.WriteLine($"  train step (mean of steps 51–250), batch 64: {timed:F1} ms");
        output.WriteLine($"  RSS over 1,000 steps (MiB): {string.Join("  ", rss.Select(r => $"@{r.Step}: {r.MiB:F0}"))}");
        var at200 = rss.First(r => r.Step == 200).MiB;
        var growth = rss[^1].MiB - at200;
        output.WriteLine($"  growth step 200 → 1000: {growth:F1} MiB ({100 * growth / at200:F1} %) — target: flat (< 5 %)");
    }
}
