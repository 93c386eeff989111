namespace MultiModal.Tests;

/// <summary>
/// Points the course's cache (<see cref="CacheFolder.Variable"/>) at a new empty folder until disposed, then restores the
/// variable and deletes the folder: <c>using var cache = new TempCache();</c>.
/// </summary>
internal sealed class TempCache : IDisposable
{
    private readonly string? _before = Environment.GetEnvironmentVariable(CacheFolder.Variable);

    public TempCache()
    {
        Folder = Directory.CreateTempSubdirectory("mm-cache-").FullName;
        Environment.SetEnvironmentVariable(CacheFolder.Variable, Folder);
    }

    /// <summary>The temporary cache folder.</summary>
    public string Folder { get; }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(CacheFolder.Variable, _before);
        Directory.Delete(Folder, recursive: true);
    }
}
