using System.Diagnostics;
using MultiModal.World;

namespace MultiModal.Benchmarks;

/// <summary>
/// One benchmark: speed and memory targets live here, not in timed unit tests. Add a class implementing this
/// interface (one file per benchmark); the runner finds it by reflection.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short name used on the command line, e.g. "stft".</summary>
    string Name { get; }
    /// <summary>What it measures and the target, one line.</summary>
    string Description { get; }
    /// <summary>Runs the benchmark and prints its figures (ratios preferred to absolute times).</summary>
    void Run(TextWriter output);
    /// <summary>True for commands that write files into the repository (never run by "all").</summary>
    bool IsCommand => false;
}

/// <summary>Small timing and memory helpers shared by benchmarks.</summary>
public static class Measure
{
    /// <summary>
    /// For the commands that regenerate a shipped network: data/models/ of the repository (created if missing), after
    /// deleting the older files matching <paramref name="oldFiles"/> (e.g. "word-vectors-*.ckpt") once training succeeded —
    /// call the returned action then.
    /// </summary>
    public static (string Folder, Action DeleteOld) ShippedFolder(string oldFiles)
    {
        var folder = MultiModal.Training.ShippedModels.Folder
            ?? throw new InvalidOperationException("Cannot find the repository root (MultiModal.sln) above " + AppContext.BaseDirectory);
        Directory.CreateDirectory(folder);
        return (folder, () => { foreach (var old in Directory.GetFiles(folder, oldFiles)) File.Delete(old); });
    }

    /// <summary>Median wall time in milliseconds of <paramref name="runs"/> calls after <paramref name="warmup"/> calls.</summary>
    public static double MedianMs(Action action, int runs = 7, int warmup = 2)
    {
        for (var i = 0; i < warmup; i++) action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    /// <summary>Resident set size of this process in MiB (Linux /proc; working set elsewhere).</summary>
    public static double RssMiB() => ProcStatusMiB("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64 / 1048576.0;

    /// <summary>Peak resident set size of this process in MiB (Linux /proc; peak working set elsewhere).</summary>
    public static double PeakRssMiB() => ProcStatusMiB("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

    /// <summary>
    /// Prints RSS samples taken along a long run and its growth from <paramref name="warmUp"/> to the last sample,
    /// against the memory target: less than 5 % after warm-up.
    /// </summary>
    public static void ReportRssGrowth(TextWriter output, string what, IReadOnlyList<(int At, double MiB)> rss, int warmUp)
    {
        output.WriteLine($"  {what} (MiB): {string.Join("  ", rss.Select(r => $"@{r.At}: {r.MiB:F0}"))}");
        var start = rss.First(r => r.At == warmUp).MiB;
        var growth = rss[^1].MiB - start;
        output.WriteLine($"  growth {warmUp} → {rss[^1].At}: {growth:F1} MiB ({100 * growth / start:F1} %) — target: flat (< 5 %): {(growth < 0.05 * start ? "met" : "MISSED")}");
    }

    private static double? ProcStatusMiB(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return null;
    }
}
