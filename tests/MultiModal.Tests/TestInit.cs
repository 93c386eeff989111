using System.Runtime.CompilerServices;
using MultiModal.Platform;

namespace MultiModal.Tests;

internal static class TestInit
{
    /// <summary>Tests may touch TorchSharp before any library type: make the native bridge loadable first.</summary>
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init() => MultiModal.Platform.GlibcxxCompat.EnsureTorchSharpLoads();
#pragma warning restore CA2255
}
