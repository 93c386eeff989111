using System.Runtime.CompilerServices;

namespace MultiModal.Platform;

internal static class ModuleInit
{
    /// <summary>
    /// Runs when MultiModal.dll is loaded, before any of its code touches TorchSharp, so console programs and
    /// tests that use the library get a loadable native bridge without calling <see cref="Course.Setup"/>.
    /// </summary>
#pragma warning disable CA2255 // a module initialiser is exactly right here: it must precede the first native call
    [ModuleInitializer]
    internal static void Init()
    {
        FSharpCoreRedirect.Install();
        try { GlibcxxCompat.EnsureTorchSharpLoads(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"GLIBCXX compat: could not patch TorchSharp's native bridge ({e.Message}). " +
                                    "If TorchSharp then fails to load, see README.md, 'Troubleshooting'.");
        }
        LibTorchPreload.Ensure(); // TorchSharp's own libtorch before any other on the system path (python3-torch)
    }
#pragma warning restore CA2255
}
