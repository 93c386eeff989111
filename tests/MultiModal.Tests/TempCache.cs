namespace MultiModal.Tests;

/// <summary>
/// Points the course's cache (<see cref="CacheFolder.Path"/>) at a new empty folder for the calling test only
/// (<see cref="CacheFolder.Use"/>: tests running in parallel and the processes they start keep theirs) until disposed,
/// then deletes the folder: <c>using var cache = new TempCache();</c>.
/// </summary>
internal sealed class TempCache : IDisposable
{
    private readonly IDisposable _scope;

    public TempCache()
    {
        Folder = Directory.CreateTempSubdirectory("mm-cache-").FullName;
        _scope = CacheFolder.Use(Folder);
    }

    /// <summary>The temporary cache folder.</summary>
    public string Folder { get; }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
