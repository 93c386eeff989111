using System.Globalization;

namespace MultiModal.Training;

/// <summary>
/// Writes a file so that a reader never sees it half-written: into a temporary file beside it, named after this
/// process and a random suffix (two notebooks caching the same features at once each write their own), then moved
/// over the real name in one step. The temporary file is removed when writing fails.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Creates the folder, lets <paramref name="write"/> fill a temporary file and moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = string.Create(CultureInfo.InvariantCulture, $"{full}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = File.Create(tmp)) write(stream);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
