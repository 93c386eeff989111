using System.Text;
using TorchSharp;

namespace MultiModal.Training;

/// <summary>
/// Saves and loads a module's weights (TorchSharp's state-dict format) behind a small header that names what the
/// file holds and the config it was built with, so a wrong, truncated or mismatched file gives a clear message
/// instead of a native error. Layout: magic <c>MMCKPT1</c>, kind (e.g. <c>ImageEncoder</c>), config as JSON,
/// then <c>module.save(...)</c>.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "MMCKPT1";

    /// <summary>Writes <paramref name="module"/>'s parameters and buffers to <paramref name="path"/> (directories are created).</summary>
    /// <param name="module">The module to save.</param>
    /// <param name="path">File to write.</param>
    /// <param name="kind">What the file holds, checked on load (e.g. <c>"ImageEncoder"</c>).</param>
    /// <param name="configJson">The config the module was built with, as JSON, so a loader can rebuild it.</param>
    public static void Save(torch.nn.Module module, string path, string kind, string configJson)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, stream =>                  // never leave a half-written checkpoint under the real name
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(kind);
            writer.Write(configJson);
            module.save(writer);
        });
    }

    /// <summary>Reads the header of a checkpoint: what it holds and its config JSON.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a course checkpoint (or is damaged).</exception>
    public static (string Kind, string ConfigJson) ReadHeader(string path)
    {
        using var stream = Open(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        return ReadHeader(reader, path);
    }

    /// <summary>
    /// Loads the weights stored at <paramref name="path"/> into <paramref name="module"/>, which must have been
    /// built with the same architecture. Checks that the file holds a <paramref name="expectedKind"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">Not a checkpoint, a different kind, truncated/corrupt, or weights that do
    /// not fit the module (names or shapes differ).</exception>
    public static void LoadInto(torch.nn.Module module, string path, string expectedKind)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = Open(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var (kind, config) = ReadHeader(reader, path);
        if (kind != expectedKind)
            throw new InvalidDataException($"'{path}' holds a {kind}, not a {expectedKind}.");
        try
        {
            module.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException or FormatException or OverflowException)
        {
            throw new InvalidDataException(
                $"Could not load the weights in '{path}' into this {expectedKind}: {e.Message} " +
                $"The file was saved from a {kind} with config {config}; build the model with that config (or load with its Load method, which does so), " +
                "or delete the file so it is trained again.", e);
        }
        if (stream.Position != stream.Length)
            throw new InvalidDataException($"'{path}' has {stream.Length - stream.Position} bytes left after the weights: it does not match this {expectedKind} (saved with config {config}).");
    }

    private static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint at '{Path.GetFullPath(path)}'. Train and save the model first (e.g. encoder.Save(path)), or check the path.", path);
        return File.OpenRead(path);
    }

    private static (string, string) ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            var magic = reader.ReadString();
            if (magic != Magic) throw new FormatException();
            return (reader.ReadString(), reader.ReadString());
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException or DecoderFallbackException)
        {
            throw new InvalidDataException($"'{path}' is not a MultiModal checkpoint (no '{Magic}' header): it is empty, damaged, or was written by something else (plain module.save?). Save with Checkpoint.Save / the model's Save method.", e);
        }
    }
}
