using TorchSharp;

namespace MultiModal.Benchmarks;

/// <summary>A baseline: one matrix product through TorchSharp, so other figures can be read against this machine.</summary>
public sealed class TensorOpsBenchmark : IBenchmark
{
    public string Name => "matmul";
    public string Description => "baseline: 512x512 float32 matmul, median ms (read other benchmarks against it)";

    public void Run(TextWriter output)
    {
        using var a = torch.randn(512, 512);
        using var b = torch.randn(512, 512);
        var ms = Measure.MedianMs(() => { using var c = a.matmul(b); });
        output.WriteLine($"  matmul 512x512: {ms:F2} ms median, RSS {Measure.RssMiB():F0} MiB");
    }
}
