using System.Diagnostics;
using MultiModal.Models.Encoders;
using MultiModal.Models.Generation;
using MultiModal.World;

namespace MultiModal.Benchmarks;

/// <summary>
/// Not a measurement: trains the text-to-image GAN's shipped networks — the attribute judge and the two generators of
/// the ablation (matching-aware, plain conditional), default settings, <see cref="ObjectCrops.World"/> seed 1 and the
/// shipped word vectors — and writes them to data/models/, replacing older shipped GAN files. Run it after changing the
/// world, the models or their settings (the file names hash all of them, so a stale file is never loaded; a test
/// fails until the new files are committed). Seeded: a run in a fresh clone wrote the same bytes as the shipped files
/// (all three SHA-256 equal, 2026-12-03).
/// </summary>
public sealed class GanCommand : IBenchmark
{
    public string Name => "gan";
    public string Description => "trains the shipped GAN judge and both generators into data/models/ (about 8 minutes on 2 cores)";

    public bool IsCommand => true;

    public void Run(TextWriter output)
    {
        var (folder, deleteOld) = Measure.ShippedFolder("gan-*.ckpt");
        var world = ObjectCrops.World();
        using var words = PretrainedWordVectors.Load(new SyntheticWorld(1));
        deleteOld();
        var sw = Stopwatch.StartNew();
        var (judge, judgeHistory) = PretrainedGan.TrainJudge(world);
        var judgePath = Path.Combine(folder, PretrainedGan.JudgeFileName(world));
        PretrainedGan.SaveJudge(judge, judgePath);
        using var test = ObjectCrops.Load(world, Split.Test, 1000);
        output.WriteLine($"  judge: {sw.Elapsed.TotalSeconds:F0} s, loss {judgeHistory.Loss[0]:F3} → {judgeHistory.Recent():F3}; real test crops: {judge.Accuracy(test)}");
        using var encoder = new SentenceEncoder(words);
        foreach (var matching in new[] { true, false })
        {
            sw.Restart();
            var training = new GanTrainingConfig(MatchingAware: matching);
            var (gan, history) = PretrainedGan.Train(world, words, training);
            var path = Path.Combine(folder, PretrainedGan.GeneratorFileName(world, words, training));
            PretrainedGan.SaveGenerator(gan.Generator, path);
            output.WriteLine($"  {(matching ? "matching-aware" : "plain")} generator: {sw.Elapsed.TotalSeconds:F0} s ({sw.Elapsed.TotalSeconds / training.Steps:F3} s/step), wrote {path} ({new FileInfo(path).Length / 1024.0:F0} KiB)");
            output.WriteLine($"    test sentences: {GanEvaluation.Of(gan.Generator, judge, encoder, test)}");
            gan.Dispose();
        }
    }
}
