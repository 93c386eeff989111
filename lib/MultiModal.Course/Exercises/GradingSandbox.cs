using System.Diagnostics;
using System.Globalization;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Exercises;

/// <summary>
/// The limits one graded submission runs under. Each submission runs in its own process, in a private temporary
/// folder (its working directory, its executed copy and result, its own copy of the feature cache), with
///   a wall-clock limit for the whole notebook (the process is ended, what its restored checks showed until then counts),
///   a memory limit (the managed heap through <c>DOTNET_GCHeapHardLimit</c>, so a runaway allocation fails in the
///   student's cell; the whole process's resident memory watched, the process ended above it),
/// and, on Linux where <c>unshare</c> can make namespaces, no network and the repository and the class folder
/// mounted read-only for it: it cannot change the library, the instructor's notebooks, another submission or a
/// previous grade. Elsewhere it says it runs without that isolation.
/// </summary>
/// <param name="WorkFolder">The submission's private folder.</param>
/// <param name="GradedCellsFile">The restored check cells (<see cref="GradedCopy.Checks"/>) as JSON, in <paramref name="WorkFolder"/>.</param>
/// <param name="MemoryLimitBytes">Most memory the process may use.</param>
/// <param name="WallLimit">Most time the whole notebook may take.</param>
/// <param name="ReadOnlyFolders">Folders the submission may read but not change.</param>
public sealed record GradingSandbox(string WorkFolder, string GradedCellsFile, long MemoryLimitBytes, TimeSpan WallLimit, IReadOnlyList<string> ReadOnlyFolders)
{
    // Runs after unshare, inside the new namespaces: bind each folder onto itself read-only, then become the tool.
    private const string MountScript =
        "n=$1; shift; i=0; while [ \"$i\" -lt \"$n\" ]; do mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" \"$1\" || exit 97; shift; i=$((i+1)); done; exec \"$@\"";

    private static readonly Lazy<string[]?> Unshare = new(FindUnshare);

    /// <summary>How submissions are isolated on this machine, for the grader's report.</summary>
    public static string Isolation => Unshare.Value is { } u
        ? $"each submission in its own process without network, the repository and the class folder read-only ({string.Join(' ', u)})"
        : OperatingSystem.IsLinux()
            ? "each submission in its own process; NOT isolated from the network or the file system (unshare cannot create namespaces here)"
            : "each submission in its own process; NOT isolated from the network or the file system (namespaces are Linux only)";

    /// <summary>The child's start description, wrapped in the namespaces where available, with the memory limit in its environment.</summary>
    public ProcessStartInfo Wrap(ProcessStartInfo child)
    {
        var psi = child;
        if (Unshare.Value is { } unshare)
        {
            psi = new ProcessStartInfo(unshare[0]) { UseShellExecute = false };
            foreach (var a in unshare.Skip(1)) psi.ArgumentList.Add(a);
            foreach (var a in new[] { "--", "/bin/sh", "-c", MountScript, "sh", ReadOnlyFolders.Count.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
            foreach (var f in ReadOnlyFolders) psi.ArgumentList.Add(f);
            psi.ArgumentList.Add(child.FileName);
            foreach (var a in child.ArgumentList) psi.ArgumentList.Add(a);
            foreach (var (k, v) in child.Environment) psi.Environment[k] = v;
        }
        psi.WorkingDirectory = WorkFolder;
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + (MemoryLimitBytes * 3 / 4).ToString("X", CultureInfo.InvariantCulture);
        psi.Environment[MultiModal.CourseTool.EnvironmentVariables.Cache] = Path.Combine(WorkFolder, "cache");
        return psi;
    }

    /// <summary>
    /// Watches <paramref name="process"/> until it exits: ends it (and its children) when its resident memory passes
    /// the limit or the wall clock does; returns why it was ended (and the run status that says so), or null when it ended by itself.
    /// </summary>
    public async Task<(string Reason, NotebookStatus Status)?> WatchAsync(Process process)
    {
        var clock = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            var rss = ResidentBytes(process.Id);
            (string, NotebookStatus)? ended =
                rss > MemoryLimitBytes ? ($"it used {rss >> 20} MB of memory, more than the grader's limit of {MemoryLimitBytes >> 20} MB (--memory-limit): the process was ended", NotebookStatus.Error)
                : clock.Elapsed > WallLimit ? ($"it ran longer than the grader's limit of {WallLimit.TotalSeconds:F0} s (--time-limit): the process was ended", NotebookStatus.Timeout)
                : null;
            if (ended is not null)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync();
                return ended;
            }
            try { await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMilliseconds(200)); }
            catch (TimeoutException) { }
        }
        return null;
    }

    /// <summary>Resident memory of a process and its descendants (Linux <c>/proc</c>; 0 where it cannot be read).</summary>
    public static long ResidentBytes(int pid)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        long total = 0;
        var pending = new Stack<int>([pid]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var p = pending.Pop();
            if (!seen.Add(p)) continue;
            try
            {
                var line = File.ReadLines($"/proc/{p}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                if (line is not null && long.TryParse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var kb)) total += kb * 1024;
                foreach (var task in Directory.EnumerateDirectories($"/proc/{p}/task"))
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        if (int.TryParse(child, CultureInfo.InvariantCulture, out var c)) pending.Push(c);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // it just ended
        }
        return total;
    }

    /// <summary>
    /// The unshare command line that works here: as root, new mount and network namespaces; otherwise also a user
    /// namespace that maps the user to root inside (what lets an ordinary user make a read-only bind mount). Probed once
    /// by mounting a temporary folder read-only; null when neither works (not Linux, no unshare, namespaces disabled).
    /// </summary>
    private static string[]? FindUnshare()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var probe = Directory.CreateTempSubdirectory("mm-unshare-probe-").FullName;
        try
        {
            foreach (var candidate in new[] { new[] { "unshare", "--mount", "--net" }, new[] { "unshare", "--mount", "--net", "--map-root-user" } })
            {
                var psi = new ProcessStartInfo(candidate[0]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in candidate.Skip(1).Concat(["--", "/bin/sh", "-c", MountScript, "sh", "1", probe, "/bin/sh", "-c", $"! touch '{probe}/x' 2>/dev/null"])) psi.ArgumentList.Add(a);
                try
                {
                    using var p = Process.Start(psi);
                    if (p is null) continue;
                    if (!p.WaitForExit(10_000)) { p.Kill(); continue; }
                    if (p.ExitCode == 0 && !File.Exists(Path.Combine(probe, "x"))) return candidate;
                }
                catch (System.ComponentModel.Win32Exception) { return null; } // no unshare binary
            }
            return null;
        }
        finally { Directory.Delete(probe, recursive: true); }
    }
}
