using System.Diagnostics;
using MultiModal.World;

namespace MultiModal.Benchmarks;

/// <summary>Not a measurement: regenerates the sample pictures and sounds of data/world/ that data/README.md shows.</summary>
public sealed class WorldSamplesCommand : IBenchmark
{
    public string Name => "world-samples";
    public string Description => "writes data/world/ (pictures and sounds shown in data/README.md) reproducibly";

    public bool IsCommand => true;

    public void Run(TextWriter output)
    {
        var dir = CacheFolder.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Cannot find the repository root (MultiModal.sln) above " + AppContext.BaseDirectory);
        var folder = Path.Combine(dir, "data", "world");
        var sw = Stopwatch.StartNew();
        var files = WorldSamples.WriteTo(folder);
        var bytes = files.Sum(f => new FileInfo(Path.Combine(folder, f)).Length);
        output.WriteLine($"  wrote {files.Count} files ({bytes / 1024.0:F0} KiB) to {folder} in {sw.Elapsed.TotalSeconds:F1} s");
    }
}
