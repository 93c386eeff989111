using MultiModal.Tensors;
using MultiModal.Training;
using Xunit;

namespace MultiModal.Tests.Platform;

public class CacheFolderTests
{
    [Fact]
    public async Task Use_changes_the_cache_for_the_calling_flow_only_and_never_the_environment()
    {
        var before = CacheFolder.Path;
        var environment = Environment.GetEnvironmentVariable(CacheFolder.Variable);
        var mine = Path.Combine(Path.GetTempPath(), "mm-use-" + Guid.NewGuid().ToString("N"));
        string? seenElsewhere = null;
        using var elsewhereReady = new ManualResetEventSlim();
        using var elsewhereGo = new ManualResetEventSlim();
        var elsewhere = new Thread(() => { elsewhereReady.Set(); elsewhereGo.Wait(); seenElsewhere = CacheFolder.Path; });
        elsewhere.Start();                                     // started before Use: it must keep the cache it had
        elsewhereReady.Wait();
        using (CacheFolder.Use(mine))
        {
            Assert.Equal(mine, CacheFolder.Path);
            Assert.Equal(mine, await Task.Run(() => CacheFolder.Path));                       // tasks it starts follow it
            Assert.Equal(environment, Environment.GetEnvironmentVariable(CacheFolder.Variable)); // children inherit nothing new
            elsewhereGo.Set();
            elsewhere.Join();
            Assert.Equal(before, seenElsewhere);
        }
        Assert.Equal(before, CacheFolder.Path);
        Assert.Throws<ArgumentException>(() => CacheFolder.Use(" "));
    }

    [Fact]
    public async Task Writers_racing_for_one_feature_file_never_leave_a_torn_or_stray_file()
    {
        var dir = Directory.CreateTempSubdirectory("mm-race-").FullName;
        try
        {
            var path = Path.Combine(dir, "features.bin");
            long[] shape = [64, 128];
            var values = Enumerable.Range(0, 64 * 128).Select(i => (float)Math.Sin(i)).ToArray();
            using var features = TorchSharp.torch.tensor(values, shape);
            var readsThatFailed = 0;
            var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => { for (var i = 0; i < 25; i++) FeatureCache.Write(path, features); })).ToArray();
            var reader = Task.Run(() =>
            {
                while (!writers.All(w => w.IsCompleted))
                {
                    using var read = FeatureCache.Read(path, shape);
                    if (read is not null && !read.ToFloats().SequenceEqual(values)) Interlocked.Increment(ref readsThatFailed);
                }
            });
            await Task.WhenAll([.. writers, reader]);
            Assert.Equal(0, readsThatFailed);
            Assert.Equal([path], Directory.GetFiles(dir));                       // no temporary file left behind
            using var final = FeatureCache.Read(path, shape);
            Assert.Equal(values, final!.ToFloats());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
