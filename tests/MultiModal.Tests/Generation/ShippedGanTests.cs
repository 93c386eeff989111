using MultiModal.Models.Encoders;
using MultiModal.Models.Generation;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Generation;

/// <summary>The shipped attribute judge and both generators of the ablation: they load without training and meet their stated quality.</summary>
public class ShippedGanTests
{
    [Fact]
    public void The_shipped_judge_and_generators_load_without_training_and_draw_what_the_sentence_asks_for()
    {
        var world = ObjectCrops.World();
        using var words = PretrainedWordVectors.Load(new SyntheticWorld(1));
        var plainTraining = new GanTrainingConfig(MatchingAware: false);
        foreach (var name in new[] { PretrainedGan.JudgeFileName(world), PretrainedGan.GeneratorFileName(world, words), PretrainedGan.GeneratorFileName(world, words, plainTraining) })
            Assert.True(File.Exists(Path.Combine(Repo.Root, "data", "models", name)),
                $"the shipped GAN file {name} is missing or stale: run dotnet run -c Release --project lib/MultiModal.Benchmarks -- gan and commit data/models/.");
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        var judge = PretrainedGan.Judge(world);
        var matching = PretrainedGan.Generator(world, words);
        var plain = PretrainedGan.Generator(world, words, plainTraining);
        Assert.DoesNotContain(Directory.GetFiles(cache.Folder), f => f.EndsWith(".ckpt"));   // loaded from data/models/, not trained
        using var test = ObjectCrops.Load(world, Split.Test, 300);
        var real = judge.Accuracy(test);
        Assert.True(real.All >= 0.98, $"the judge on 300 real test crops: {real}");
        using var encoder = new SentenceEncoder(words);
        var m = GanEvaluation.Of(matching, judge, encoder, test);
        Assert.True(m.Attributes.Shape >= 0.75 && m.Attributes.Color >= 0.9 && m.Attributes.Size >= 0.95, $"the matching-aware generator on 300 test sentences: {m}");
        var p = GanEvaluation.Of(plain, judge, encoder, test);
        Assert.True(p.Attributes.All < m.Attributes.All, $"the ablation: plain {p} should be below matching-aware {m}");
        Assert.NotEqual(PretrainedGan.GeneratorFileName(world, words), PretrainedGan.GeneratorFileName(world, words, new GanTrainingConfig(Steps: 10)));
    }
}
