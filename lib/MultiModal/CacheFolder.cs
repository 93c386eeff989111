namespace MultiModal;

/// <summary>
/// Where the course keeps things it computed once and reuses (e.g. the pre-trained image encoder): the folder named
/// by the environment variable <c>MULTIMODAL_CACHE</c> if set, otherwise <c>artifacts/cache/</c> under the repository
/// root (the folder holding <c>MultiModal.sln</c>, found from the current directory or from the library's location).
/// Nothing in it is ever downloaded: delete it at any time and it is rebuilt by training again.
/// <see cref="Use"/> points it elsewhere for one block of code only (its thread and the tasks it starts), without
/// touching the environment that child processes inherit.
/// </summary>
public static class CacheFolder
{
    /// <summary>Environment variable that overrides the cache folder.</summary>
    public const string Variable = "MULTIMODAL_CACHE";

    private static readonly AsyncLocal<string?> Scoped = new();

    /// <summary>The cache folder (not created until something is saved).</summary>
    public static string Path
    {
        get
        {
            if (Scoped.Value is { } scoped) return scoped;
            var fromEnv = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(fromEnv)) return System.IO.Path.GetFullPath(fromEnv);
            var root = RepositoryRoot;
            return root is not null
                ? System.IO.Path.Combine(root, "artifacts", "cache")
                : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "multimodal-cache");
        }
    }

    /// <summary>
    /// The repository root (the folder holding <c>MultiModal.sln</c>) above the current directory, the application or the
    /// library, or null when the course runs outside a clone.
    /// </summary>
    public static string? RepositoryRoot =>
        FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory)
        ?? FindRepositoryRoot(System.IO.Path.GetDirectoryName(typeof(CacheFolder).Assembly.Location) ?? "");

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds <c>MultiModal.sln</c>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        if (string.IsNullOrEmpty(start)) return null;
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "MultiModal.sln"))) return d.FullName;
        return null;
    }

    /// <summary>
    /// Makes <see cref="Path"/> return <paramref name="folder"/> until the result is disposed, for the calling code and
    /// the tasks it starts only: other threads, other tests running in parallel and child processes keep their own
    /// cache (an environment variable would change all of them). <c>using (CacheFolder.Use(dir)) { … }</c>
    /// </summary>
    public static IDisposable Use(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var before = Scoped.Value;
        Scoped.Value = System.IO.Path.GetFullPath(folder);
        return new Restore(before);
    }

    private sealed class Restore(string? before) : IDisposable
    {
        public void Dispose() => Scoped.Value = before;
    }
}
