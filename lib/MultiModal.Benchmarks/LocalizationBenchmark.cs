using MultiModal.Models.Encoders;
using MultiModal.Models.Localization;
using MultiModal.Training;
using MultiModal.World;

namespace MultiModal.Benchmarks;

/// <summary>
/// Sound-source localisation (notebook 12): the unsupervised localiser and the supervised upper bound trained on world
/// clips with the shipped encoder, scored by cIoU@0.5 and AUC on test clips beside the whole-image and centre
/// baselines; the wall time of each phase and the train-step time. MM_LOC_STEPS sets the training steps (default 1500),
/// MM_LOC_WORLD=default the world (default: <see cref="WorldConfig.Localization"/>).
/// </summary>
public sealed class LocalizationBenchmark : IBenchmark
{
    public string Name => "localization";
    public string Description => "sound localiser: cIoU@0.5 / AUC unsupervised vs supervised vs baselines, train-step ms";

    public void Run(TextWriter output)
    {
        output.WriteLine($"  load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var steps = int.TryParse(Environment.GetEnvironmentVariable("MM_LOC_STEPS"), out var s) ? s : 1500;
        // MM_LOC_WORLD=default measures the default world (places behind the objects, with their ambient sounds).
        var world = new SyntheticWorld(1, Environment.GetEnvironmentVariable("MM_LOC_WORLD") == "default" ? new WorldConfig() : WorldConfig.Localization);
        output.WriteLine($"  scenes: {world.Config.Scenes.MinObjects}–{world.Config.Scenes.MaxObjects} objects, places {(world.Config.Scenes.UsePlaces ? "on" : "off")}");
        var encoder = PretrainedEncoders.ImageEncoder(new SyntheticWorld(1));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var train = LocalizationClips.Cached(world, encoder, Split.Train, 2000);
        using var test = LocalizationClips.Cached(world, encoder, Split.Test, 300);
        output.WriteLine($"  clips loaded in {watch.Elapsed.TotalSeconds:F1} s: train {train.Count}, test {test.Count}, log-mel {string.Join("×", test.LogMels.shape)}");
        foreach (var baseline in new[] { LocalizationEvaluation.WholeImage(test), LocalizationEvaluation.Centre(test),
                     LocalizationEvaluation.GridOracle(test, 8), LocalizationEvaluation.GridOracle(test, 16), LocalizationEvaluation.GridOracle(test, 64) })
            output.WriteLine($"  {baseline.Name,-14} cIoU@0.5 {baseline.SuccessRate:F3}  AUC {baseline.Auc:F3}  mean cIoU {baseline.MeanCiou:F3}");
        foreach (var supervised in new[] { false, true })
        {
            Course.Seed(3);
            using var model = new SoundLocalizer();
            var optimizer = new Adam(model.parameters(), 3e-3);
            var rng = new Random(4);
            watch.Restart();
            var history = Trainer.Train(model, optimizer, _ =>
            {
                var (f, l, m) = train.Batch(rng, 32);
                return supervised ? model.SupervisedLoss(f, l, m) : model.Loss(f, l);
            }, new TrainerConfig(Steps: steps, ShowProgress: false, Label: supervised ? "supervised" : "unsupervised"));
            var seconds = watch.Elapsed.TotalSeconds;
            var eval = LocalizationEvaluation.Run(model, test, supervised ? "supervised" : "unsupervised");
            output.WriteLine($"  {eval.Name,-14} cIoU@0.5 {eval.SuccessRate:F3}  AUC {eval.Auc:F3}  mean cIoU {eval.MeanCiou:F3}  ({steps} steps in {seconds:F1} s = {1000 * seconds / steps:F1} ms/step; final loss {history.Recent():F3})");
            eval.Heatmaps.Dispose();
        }
    }
}
