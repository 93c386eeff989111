using System.Runtime.InteropServices;

namespace MultiModal.Platform;

/// <summary>
/// Makes TorchSharp 0.107's native bridge load on hosts whose libstdc++ predates GCC 13
/// (Debian 12, Ubuntu 22.04). <c>libLibTorchSharp.so</c> declares that it needs <c>GLIBCXX_3.4.32</c>;
/// the only symbol of that version it uses is <c>_ZSt21ios_base_library_initv</c>, which has no relocations,
/// so marking the requirement weak (VER_FLG_WEAK in <c>.gnu.version_r</c>) lets the loader accept the
/// older libstdc++ with no change in behaviour.
/// <para>
/// The fix is idempotent, keeps a <c>.orig</c> backup next to every file it edits, does nothing on Windows,
/// macOS or where the host libstdc++ already defines the version, and reports what it did in one line.
/// It must run before the first TorchSharp call in the process (the library and the test assembly call it
/// from module initialisers; notebooks call it through <see cref="Course.Setup"/>).
/// </para>
/// </summary>
public static class GlibcxxCompat
{
    /// <summary>The version the prebuilt TorchSharp bridge asks for.</summary>
    public const string NeededVersion = "GLIBCXX_3.4.32";
    private const string BridgeName = "libLibTorchSharp.so";
    private static readonly object Gate = new();
    private static string? _lastReport;

    /// <summary>What one call did, file by file.</summary>
    /// <param name="Summary">One line for people: what was patched, or why nothing was needed.</param>
    /// <param name="Patched">Files that were edited by this call.</param>
    /// <param name="AlreadyWeak">Files found already patched.</param>
    public sealed record Report(string Summary, IReadOnlyList<string> Patched, IReadOnlyList<string> AlreadyWeak);

    /// <summary>
    /// Patches every copy of <c>libLibTorchSharp.so</c> this process may load: next to the loaded TorchSharp
    /// assembly (build output, or the NuGet cache for notebooks, including TorchSharp's consolidated
    /// <c>lib/net8.0/cpu/</c> copy) and in the NuGet package cache. Safe to call many times; only the first
    /// call in a process does the work.
    /// </summary>
    public static string EnsureTorchSharpLoads()
    {
        lock (Gate)
        {
            if (_lastReport is not null) return _lastReport;
            _lastReport = Run().Summary;
            return _lastReport;
        }
    }

    /// <summary>Runs the check and the patch now (not cached). Exposed for the course tool and tests.</summary>
    public static Report Run(IEnumerable<string>? candidates = null, string? hostLibstdcxx = null)
    {
        if (!OperatingSystem.IsLinux())
            return new Report("GLIBCXX compat: not Linux, nothing to do.", [], []);
        hostLibstdcxx ??= FindHostLibstdcxx();
        if (hostLibstdcxx is null)
            return new Report("GLIBCXX compat: no host libstdc++.so.6 found; left TorchSharp as shipped.", [], []);
        if (HostDefines(hostLibstdcxx, NeededVersion))
            return new Report($"GLIBCXX compat: {Path.GetFileName(hostLibstdcxx)} defines {NeededVersion}; nothing to do.", [], []);

        var patched = new List<string>();
        var already = new List<string>();
        foreach (var file in (candidates ?? CandidateBridges()).Distinct())
        {
            if (!File.Exists(file)) continue;
            switch (PatchFile(file))
            {
                case PatchOutcome.Patched: patched.Add(file); break;
                case PatchOutcome.AlreadyWeak: already.Add(file); break;
            }
        }
        var summary = patched.Count > 0
            ? $"GLIBCXX compat: host lacks {NeededVersion}; marked it weak in {patched.Count} cop{(patched.Count == 1 ? "y" : "ies")} of {BridgeName} ({already.Count} already done)."
            : already.Count > 0
                ? $"GLIBCXX compat: host lacks {NeededVersion}; all {already.Count} cop{(already.Count == 1 ? "y" : "ies")} of {BridgeName} already patched."
                : $"GLIBCXX compat: host lacks {NeededVersion}, but no {BridgeName} was found to patch.";
        return new Report(summary, patched, already);
    }

    /// <summary>The result of <see cref="PatchFile"/>.</summary>
    public enum PatchOutcome
    {
        /// <summary>The requirement was strong and is now weak; a backup was written.</summary>
        Patched,
        /// <summary>The requirement was already weak: nothing was written.</summary>
        AlreadyWeak,
        /// <summary>The file does not ask for the version at all: nothing was written.</summary>
        NotRequired,
    }

    /// <summary>
    /// Marks <see cref="NeededVersion"/> weak in one file, atomically (write to a temporary file, then rename),
    /// keeping <c>file.orig</c> as the backup of the unpatched bytes.
    /// </summary>
    public static PatchOutcome PatchFile(string file)
    {
        var elf = ElfVersionNeeds.Read(file);
        var needs = elf.Requirements.Where(r => r.Version == NeededVersion).ToList();
        if (needs.Count == 0) return PatchOutcome.NotRequired;
        if (needs.All(r => r.IsWeak)) return PatchOutcome.AlreadyWeak;

        var backup = file + ".orig";
        if (!File.Exists(backup)) File.Copy(file, backup);
        elf.MarkWeak(NeededVersion);
        var tmp = file + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(tmp, elf.Bytes.ToArray());
        File.Move(tmp, file, overwrite: true);
        return PatchOutcome.Patched;
    }

    /// <summary>True when the ELF at <paramref name="libstdcxx"/> defines the version <paramref name="version"/>.</summary>
    public static bool HostDefines(string libstdcxx, string version)
    {
        try { return ElfVersionNeeds.Read(libstdcxx).Definitions.Contains(version); }
        catch (InvalidDataException) { return true; } // not something we understand: do not touch anything
    }

    /// <summary>The host's libstdc++.so.6: the copy already mapped into this process, else the usual library folders.</summary>
    public static string? FindHostLibstdcxx()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var i = line.IndexOf('/');
                if (i >= 0 && (line.EndsWith("/libstdc++.so.6", StringComparison.Ordinal) || line.Contains("/libstdc++.so.6.", StringComparison.Ordinal)))
                    return line[i..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        string[] dirs = [$"/usr/lib/{arch}", $"/lib/{arch}", "/usr/lib64", "/lib64", "/usr/lib", "/lib"];
        return dirs.Select(d => Path.Combine(d, "libstdc++.so.6")).FirstOrDefault(File.Exists);
    }

    /// <summary>Every copy of the bridge this process might load, and those in the NuGet cache notebooks load from.</summary>
    public static IEnumerable<string> CandidateBridges()
    {
        var roots = new List<string>();
        var torchDir = TorchSharpAssemblyDirectory();
        if (torchDir is not null)
        {
            roots.Add(torchDir); // build output (bin/.../runtimes/...), or .../torchsharp/0.107.0/lib/net8.0 (+ cpu/)
            var pkgRoot = Path.GetFullPath(Path.Combine(torchDir, "..", ".."));
            if (Path.GetFileName(Path.GetDirectoryName(pkgRoot) ?? "").Equals("torchsharp", StringComparison.OrdinalIgnoreCase))
                roots.Add(pkgRoot);
        }
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(nuget))
            nuget = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = TorchSharpVersion();
        var cached = Path.Combine(nuget, "torchsharp");
        if (Directory.Exists(cached))
            roots.AddRange(version is null ? Directory.GetDirectories(cached) : [Path.Combine(cached, version)]);
        foreach (var root in roots.Where(Directory.Exists))
            foreach (var f in Directory.EnumerateFiles(root, BridgeName, SearchOption.AllDirectories))
                yield return Path.GetFullPath(f);
    }

    private static System.Reflection.Assembly? TorchSharpAssembly() =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "TorchSharp")
        ?? TryLoad("TorchSharp");

    private static System.Reflection.Assembly? TryLoad(string name)
    {
        try { return System.Reflection.Assembly.Load(name); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
    }

    private static string? TorchSharpAssemblyDirectory()
    {
        var loc = TorchSharpAssembly()?.Location;
        return string.IsNullOrEmpty(loc) ? null : Path.GetDirectoryName(loc);
    }

    private static string? TorchSharpVersion()
    {
        var v = TorchSharpAssembly()?.GetName().Version;
        return v is null ? null : $"{v.Major}.{v.Minor}.{v.Build}";
    }
}
