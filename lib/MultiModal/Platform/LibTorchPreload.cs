using System.Runtime.InteropServices;

namespace MultiModal.Platform;

/// <summary>
/// Makes TorchSharp use <b>its own</b> libtorch whatever else is installed. TorchSharp first asks the system loader for
/// <c>libtorch_cpu.so</c> by name; on a machine with Debian's <c>python3-torch</c> (libtorch 1.13 in
/// <c>/usr/lib/x86_64-linux-gnu</c>) or an <c>LD_LIBRARY_PATH</c> pointing at another PyTorch, that name finds the
/// foreign copy, and the 2.10 bridge then fails with a misleading "doesn't contain a reference to
/// libtorch-cpu-linux-x64" in the first cell of every notebook. Loading the package's <c>libc10.so</c>,
/// <c>libtorch_cpu.so</c> and <c>libtorch.so</c> by full path first settles it: the loader matches later requests by
/// name against the libraries already loaded (their sonames), so the foreign copy is never opened.
/// Runs before the first TorchSharp call (the library's module initialiser and <see cref="Course.Setup"/>); reports in
/// one line what it loaded from where, or what it found instead and what to do.
/// </summary>
public static class LibTorchPreload
{
    /// <summary>The libtorch version TorchSharp 0.107 is built against.</summary>
    public const string Version = "2.10.0";

    private static readonly string[] Order = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly object Gate = new();
    private static string? _report;

    /// <summary>Preloads once per process; returns the one-line report (the same on later calls).</summary>
    public static string Ensure()
    {
        lock (Gate) return _report ??= Run();
    }

    /// <summary>The file the process has mapped as <c>libtorch_cpu.so</c> (from <c>/proc/self/maps</c>), or null if none yet / not Linux.</summary>
    public static string? LoadedLibtorch()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/maps")) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/');
            if (slash >= 0 && line.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal)) return line[slash..];
        }
        return null;
    }

    /// <summary>The folder holding the package's libtorch for this process: in the build output (per runtime, or flat when built for one
    /// runtime), next to TorchSharp, or in the NuGet cache. The build output comes first: TorchSharp loads the copy beside itself, and a
    /// second copy of libtorch in one process aborts it ("Tried to register multiple backend fallbacks").</summary>
    public static string? PackageFolder()
    {
        var rid = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var torchDir = Path.GetDirectoryName(AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "TorchSharp")?.Location ?? "")
                       ?? Path.GetDirectoryName(typeof(LibTorchPreload).Assembly.Location);
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } n ? n : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var candidates = new List<string?>
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"),                  // an app's build output
            AppContext.BaseDirectory,                                                            // a build or publish for one runtime (-r linux-x64): flat
            torchDir is null ? null : Path.Combine(torchDir, "runtimes", rid, "native"),
            torchDir is null ? null : Path.Combine(torchDir, "cpu"),                             // TorchSharp's consolidated copy (notebooks)
            Path.Combine(nuget, $"libtorch-cpu-{rid}", Version, "runtimes", rid, "native"),      // the package itself
        };
        return candidates.FirstOrDefault(d => d is not null && Order.Take(2).All(f => File.Exists(Path.Combine(d, f))));
    }

    private static string Run()
    {
        if (!OperatingSystem.IsLinux()) return "libtorch: not Linux, TorchSharp loads its own.";
        var mapped = LoadedLibtorch();
        var folder = PackageFolder();
        if (mapped is not null)
            return IsOwn(mapped)
                ? $"libtorch {Version}: already loaded from {mapped}."
                : $"libtorch: this process already loaded {mapped}, which is not TorchSharp's {Version} ({folder ?? "package not found"}). " +
                  "Something loaded it before the course library (another package, or LD_PRELOAD): restart the kernel and run the first cell first; unset LD_PRELOAD.";
        if (folder is null)
            return $"libtorch: the package's libtorch {Version} was not found (libtorch-cpu-linux-x64 in the NuGet cache or the build output); TorchSharp will search by name.";
        foreach (var file in Order)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            try
            {
                NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                return $"libtorch: could not load {path} ({e.Message}); TorchSharp will search by name and may find another libtorch.";
            }
        }
        var foreign = ForeignCopies();
        return $"libtorch {Version} loaded from {folder}" + (foreign.Count == 0 ? "." : $" (ignored: {string.Join(", ", foreign)}).");
    }

    // Other libtorch_cpu.so files the loader would have found by name: Debian's python3-torch, LD_LIBRARY_PATH entries.
    private static List<string> ForeignCopies()
    {
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        var dirs = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat([$"/usr/lib/{arch}", $"/lib/{arch}", "/usr/lib", "/usr/local/lib"]);
        return dirs.Select(d => Path.Combine(d, "libtorch_cpu.so")).Where(File.Exists).Distinct().ToList();
    }

    /// <summary>
    /// True when <paramref name="libtorchCpu"/> is the package's own build (<see cref="PackageFolder"/>): the copies
    /// TorchSharp consolidates and builds copy are byte copies, a foreign libtorch (1.13, another 2.x) has another size.
    /// </summary>
    public static bool IsOwn(string libtorchCpu)
    {
        ArgumentNullException.ThrowIfNull(libtorchCpu);
        if (PackageFolder() is not { } folder) return false;
        try
        {
            return new FileInfo(libtorchCpu).Length == new FileInfo(Path.Combine(folder, "libtorch_cpu.so")).Length;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
