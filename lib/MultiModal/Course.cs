using System.Globalization;
using System.Text.Json;
using MultiModal.Display;
using MultiModal.Platform;
using TorchSharp;

namespace MultiModal;

/// <summary>How much compute a notebook may spend. Passed by the headless runner through <c>MULTIMODAL_PROFILE</c>.</summary>
public enum Profile
{
    /// <summary>The real training budgets that reach each notebook's quality targets (≤ ~3 min a notebook on 2 cores).</summary>
    Full,
    /// <summary>For CI: the same code paths with smaller budgets (≤ ~60 s a notebook), still learning something measurable.</summary>
    Quick,
}

/// <summary>
/// The one call every notebook starts with, and the course-wide state it sets up: seed, threads, platform
/// compatibility, display formatters, the compute profile and the metrics a notebook reports.
/// Works the same in a notebook, a console program and the tests.
/// </summary>
public static class Course
{
    /// <summary>Environment variable naming the profile (<c>full</c> or <c>quick</c>).</summary>
    public const string ProfileVariable = "MULTIMODAL_PROFILE";
    /// <summary>Environment variable naming a JSON-lines file that <see cref="Report"/> appends metrics to.</summary>
    public const string MetricsFileVariable = "MULTIMODAL_METRICS_FILE";

    private static readonly Dictionary<string, double> ReportedMetrics = new(StringComparer.Ordinal);

    /// <summary>The profile this process runs under (read from <c>MULTIMODAL_PROFILE</c>; default <see cref="Profile.Full"/>).</summary>
    public static Profile Profile { get; private set; } = ReadProfile();

    /// <summary>The seed given to the last <see cref="Setup"/> call (or <see cref="Seed"/>).</summary>
    public static int CurrentSeed { get; private set; } = 42;

    /// <summary>Metrics reported so far in this process, by name.</summary>
    public static IReadOnlyDictionary<string, double> Metrics => ReportedMetrics;

    /// <summary>
    /// Prepares the process for the course: installs the FSharp.Core redirect (Plotly.NET in the kernel),
    /// makes TorchSharp's native bridge loadable on older Linux hosts, seeds every generator, sets the number of
    /// CPU threads, registers notebook formatters (tensors, images, audio, charts) and reads the profile.
    /// Returns a summary that displays as a small table in a notebook.
    /// </summary>
    /// <param name="seed">Seed for TorchSharp and for the library's own generators.</param>
    /// <param name="threads">CPU threads for TorchSharp; default: all cores.</param>
    /// <param name="profile">Overrides the profile chosen by the runner (<c>MULTIMODAL_PROFILE</c>).</param>
    public static SetupInfo Setup(int seed = 42, int? threads = null, Profile? profile = null)
    {
        if (threads is <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1 (or null for all cores).");
        FSharpCoreRedirect.Install();
        var compat = GlibcxxCompat.EnsureTorchSharpLoads();
        Profile = profile ?? ReadProfile();
        var n = threads ?? Environment.ProcessorCount;
        torch.set_num_threads(n);
        Seed(seed);
        NotebookFormatters.Register();
        NotebookFormatters.RegisterHtml<SetupInfo>(s => s.ToHtml());
        NotebookFormatters.RegisterHtml<EnvironmentCheck.Report>(r => r.ToHtml());
        return new SetupInfo(
            Profile,
            seed,
            n,
            compat,
            typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?",
            Environment.Version.ToString(),
            NotebookHost.InKernel);
    }

    /// <summary>Seeds TorchSharp and the library's generators so the same seed gives the same numbers.</summary>
    public static void Seed(int seed)
    {
        CurrentSeed = seed;
        torch.manual_seed(seed);
        torch.random.manual_seed(seed);
    }

    /// <summary>
    /// Picks a budget by profile: <paramref name="full"/> under <see cref="Profile.Full"/>,
    /// <paramref name="quick"/> under <see cref="Profile.Quick"/>.
    /// </summary>
    public static T Budget<T>(T full, T quick) => Profile == Profile.Quick ? quick : full;

    /// <summary>
    /// Publishes a metric (e.g. <c>Course.Report("bleu4", 0.61)</c>). The headless runner collects it into
    /// <c>artifacts/summary.json</c>; in a notebook it is also printed. Returns <paramref name="value"/>.
    /// </summary>
    public static double Report(string name, double value)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A metric needs a name, e.g. \"bleu4\".", nameof(name));
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentException($"Metric '{name}' is {value}: a NaN or infinite metric means something upstream went wrong (a diverged loss, an empty split).", nameof(value));
        ReportedMetrics[name] = value;
        var file = Environment.GetEnvironmentVariable(MetricsFileVariable);
        if (!string.IsNullOrEmpty(file))
        {
            var line = JsonSerializer.Serialize(new { name, value });
            lock (ReportedMetrics) File.AppendAllText(file, line + "\n");
        }
        Console.WriteLine($"metric {name} = {value.ToString("G6", CultureInfo.InvariantCulture)}");
        return value;
    }

    private static Profile ReadProfile()
    {
        var v = Environment.GetEnvironmentVariable(ProfileVariable);
        if (string.IsNullOrWhiteSpace(v)) return Profile.Full;
        return v.Trim().ToLowerInvariant() switch
        {
            "full" => Profile.Full,
            "quick" => Profile.Quick,
            _ => throw new ArgumentException($"{ProfileVariable}='{v}' is not a profile: expected 'full' or 'quick'."),
        };
    }
}

/// <summary>What <see cref="Course.Setup"/> did; displays as a table in a notebook.</summary>
/// <param name="Profile">The compute profile in force.</param>
/// <param name="Seed">The seed every generator got.</param>
/// <param name="Threads">CPU threads TorchSharp uses.</param>
/// <param name="Compatibility">One line from the platform compatibility check.</param>
/// <param name="TorchSharpVersion">TorchSharp's assembly version.</param>
/// <param name="DotnetVersion">The .NET runtime version.</param>
/// <param name="InKernel">True inside a .NET Interactive kernel (Polyglot Notebooks, Jupyter).</param>
public sealed record SetupInfo(Profile Profile, int Seed, int Threads, string Compatibility, string TorchSharpVersion, string DotnetVersion, bool InKernel)
{
    /// <summary>The summary as a small HTML table (how a notebook shows it).</summary>
    public string ToHtml()
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new (string, string)[]
        {
            ("profile", Profile.ToString()), ("seed", Seed.ToString(inv)), ("threads", Threads.ToString(inv)),
            ("TorchSharp", TorchSharpVersion), (".NET", DotnetVersion), ("platform", Compatibility),
        };
        return Html.Table(["setting", "value"], rows.Select(r => new[] { r.Item1, r.Item2 }));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"MultiModal ready: profile {Profile}, seed {Seed}, {Threads} threads, TorchSharp {TorchSharpVersion}, .NET {DotnetVersion}. {Compatibility}";
}
