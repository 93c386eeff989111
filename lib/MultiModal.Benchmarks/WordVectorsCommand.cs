using System.Diagnostics;
using MultiModal.Models.Encoders;
using MultiModal.Training;
using MultiModal.World;

namespace MultiModal.Benchmarks;

/// <summary>
/// Not a measurement: trains the course's word vectors (skip-gram on the default world's texts, seed 1, default
/// <see cref="WordVectorConfig"/>) and writes them to data/models/, replacing older shipped vectors. Run it after changing
/// the world's texts, the skip-gram or its settings (the file name hashes all of them, so a stale file is never loaded;
/// a test fails until the new one is committed). Running it twice writes the same bytes.
/// </summary>
public sealed class WordVectorsCommand : IBenchmark
{
    public string Name => "word-vectors";
    public string Description => "trains the shipped word vectors into data/models/ (seconds on 2 cores)";

    public bool IsCommand => true;

    public void Run(TextWriter output)
    {
        var (folder, deleteOld) = Measure.ShippedFolder("word-vectors-*.ckpt");
        var world = new SyntheticWorld(seed: 1);
        var target = Path.Combine(folder, PretrainedWordVectors.FileName(world));
        var sw = Stopwatch.StartNew();
        var (vectors, history) = PretrainedWordVectors.Train(world);
        deleteOld();
        vectors.Save(target);
        output.WriteLine($"  trained in {sw.Elapsed.TotalSeconds:F0} s (loss {history.Loss[0]:F3} → {history.Recent():F3}); wrote {target} ({new FileInfo(target).Length / 1024.0:F0} KiB)");
        foreach (var word in new[] { "red", "circle", "grass", "tomato", "soup" })
            output.WriteLine($"  nearest to {word}: {string.Join(", ", vectors.Nearest(word, 4).Select(n => $"{n.Word} {n.Cosine:F2}"))}");
    }
}
