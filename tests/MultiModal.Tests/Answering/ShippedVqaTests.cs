using MultiModal.Models.Answering;
using MultiModal.Models.Encoders;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Answering;

/// <summary>The shipped stacked-attention VQA model.</summary>
public class ShippedVqaTests
{
    [Fact]
    public void The_shipped_model_loads_without_training_and_answers_relational_questions()
    {
        var world = new SyntheticWorld(1);
        var encoder = PretrainedEncoders.ImageEncoder(world);
        var shipped = Path.Combine(Repo.Root, "data", "models", PretrainedVqa.FileName(world, encoder));
        Assert.True(File.Exists(shipped), $"the shipped VQA model {shipped} is missing or stale: run dotnet run -c Release --project lib/MultiModal.Benchmarks -- vqa and commit data/models/.");
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        var model = PretrainedVqa.Load(world, encoder);
        Assert.DoesNotContain(Directory.GetFiles(cache.Folder), f => f.EndsWith(".ckpt"));   // loaded from data/models/, not trained
        using var test = AnsweredScenes.Cached(world, encoder, Split.Test, 300);
        var e = model.Evaluate(test);
        Assert.True(e.Relational >= 0.75 && e.NonRelational >= 0.93, $"the shipped model on 300 test scenes: {e}");
        // another config is another file: never loaded from this one
        Assert.NotEqual(PretrainedVqa.FileName(world, encoder), PretrainedVqa.FileName(world, encoder, new VqaConfig(Hops: 3)));
    }
}
