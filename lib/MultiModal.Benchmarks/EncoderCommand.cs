using System.Diagnostics;
using MultiModal.World;
using MultiModal.Models.Encoders;

namespace MultiModal.Benchmarks;

/// <summary>
/// Not a measurement: pre-trains the course's image encoder for the default world (seed 1) with the default
/// <see cref="EncoderPretrainingConfig"/> and writes it to data/models/, replacing older shipped encoders. Run it after
/// changing the encoder, its pre-training or the scene settings (the file name is a hash of all of them, so a stale
/// file is never loaded; a test fails until the new one is committed).
/// </summary>
public sealed class EncoderCommand : IBenchmark
{
    public string Name => "encoder";
    public string Description => "pre-trains the shipped image encoder into data/models/ (about 8 min on 2 cores)";

    public bool IsCommand => true;

    public void Run(TextWriter output)
    {
        var (folder, deleteOld) = Measure.ShippedFolder("image-encoder-*.ckpt");
        var world = new SyntheticWorld(seed: 1);
        var target = Path.Combine(folder, Path.GetFileName(PretrainedEncoders.CachePath(world)));
        var sw = Stopwatch.StartNew();
        var (encoder, history) = PretrainedEncoders.Pretrain(world);
        deleteOld();
        encoder.Save(target);
        output.WriteLine($"  pre-trained in {sw.Elapsed.TotalSeconds:F0} s (loss {history.Loss[0]:F3} → {history.Recent():F3}); wrote {target} ({new FileInfo(target).Length / 1024.0:F0} KiB)");
    }
}
