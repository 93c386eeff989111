using System.Reflection;
using System.Runtime.Loader;

namespace MultiModal.Platform;

/// <summary>
/// Plotly.NET 6 is compiled against FSharp.Core 10.1, but the .NET Interactive kernel has already loaded its own
/// FSharp.Core 10.0 into the default load context, so the first chart throws <see cref="FileNotFoundException"/>.
/// This handler answers any FSharp.Core request that the default context cannot satisfy with the copy that is
/// already loaded. It only ever fires on a failed load, so it is a no-op wherever the versions already agree
/// (console programs, tests, a kernel with a newer FSharp.Core).
/// </summary>
public static class FSharpCoreRedirect
{
    private static int _installed;

    /// <summary>Installs the handler once per process. Returns false when it was already installed.</summary>
    public static bool Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return false;
        AssemblyLoadContext.Default.Resolving += Resolve;
        return true;
    }

    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (!string.Equals(name.Name, "FSharp.Core", StringComparison.Ordinal)) return null;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name == "FSharp.Core")
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
