using System.Diagnostics;
using MultiModal.Models.Answering;
using MultiModal.Models.Encoders;
using MultiModal.World;

namespace MultiModal.Benchmarks;

/// <summary>
/// Not a measurement: trains the course's stacked-attention VQA model (default world, seed 1, the shipped encoder, default
/// <see cref="VqaConfig"/> and <see cref="VqaTrainingConfig"/>) and writes it to data/models/, replacing older shipped
/// VQA models. Run it after changing the questions, the model or its settings (the file name hashes all of them, so a
/// stale file is never loaded; a test fails until the new one is committed). Seeded; that two runs write the same bytes is not yet checked for this model (10 minutes a run).
/// </summary>
public sealed class VqaCommand : IBenchmark
{
    public string Name => "vqa";
    public string Description => "trains the shipped stacked-attention VQA model into data/models/ (about 10 minutes on 2 cores)";

    public bool IsCommand => true;

    public void Run(TextWriter output)
    {
        var (folder, deleteOld) = Measure.ShippedFolder("vqa-stacked-attention-*.ckpt");
        var world = new SyntheticWorld(seed: 1);
        var encoder = PretrainedEncoders.ImageEncoder(world);
        var target = Path.Combine(folder, PretrainedVqa.FileName(world, encoder));
        var sw = Stopwatch.StartNew();
        var (model, history) = PretrainedVqa.Train(world, encoder);
        deleteOld();
        PretrainedVqa.Save(model, target);
        output.WriteLine($"  trained in {sw.Elapsed.TotalSeconds:F0} s (loss {history.Loss[0]:F3} → {history.Recent():F3}); wrote {target} ({new FileInfo(target).Length / 1024.0:F0} KiB)");
        using var test = AnsweredScenes.Cached(world, encoder, Split.Test, 1000);
        output.WriteLine($"  test: {model.Evaluate(test)}");
    }
}
