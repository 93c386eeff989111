using MultiModal.World;
using Xunit;

namespace MultiModal.Tests.World;

public class WorldSamplesTests
{
    [Fact]
    public void Regenerating_the_data_samples_gives_identical_bytes()
    {
        var committed = Repo.Path("data", "world");
        var fresh = Path.Combine(Path.GetTempPath(), "mm-world-samples-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = WorldSamples.WriteTo(fresh);
            Assert.NotEmpty(files);
            long total = 0;
            foreach (var f in files)
            {
                var expected = Path.Combine(committed, f);
                Assert.True(File.Exists(expected), $"data/world/{f} is missing: run `dotnet run -c Release --project lib/MultiModal.Benchmarks -- world-samples`.");
                Assert.True(File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(fresh, f))),
                    $"data/world/{f} differs from a fresh generation: regenerate with `dotnet run -c Release --project lib/MultiModal.Benchmarks -- world-samples`.");
                total += new FileInfo(expected).Length;
            }
            Assert.True(total < 1_000_000, $"data/world is {total} bytes; keep it under 1 MB");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }
}
