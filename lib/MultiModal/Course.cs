using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
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
    /// <summary>Environment variable naming the device every model and batch uses (<c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; default <c>cpu</c>).</summary>
    public const string DeviceVariable = "MULTIMODAL_DEVICE";

    /// <summary>
    /// The one device setting of the course: <see cref="Setup"/> makes it TorchSharp's default device, so every model
    /// built and every tensor a factory makes afterwards (weights, batches, noise, masks) lives there. Library code
    /// never names a device of its own (a test checks); values come back to the host with <c>.cpu()</c> only to be read.
    /// </summary>
    public static torch.Device Device
    {
        get => _device ?? torch.CPU;
        private set => _device = value;
    }

    // Not initialised with torch.CPU: Course's type initialiser must not load TorchSharp (reporting a metric needs none).
    private static torch.Device? _device;
    /// <summary>Environment variable naming a JSON-lines file that <see cref="Report"/> appends metrics to.</summary>
    public const string MetricsFileVariable = "MULTIMODAL_METRICS_FILE";

    private static readonly Dictionary<string, double> ReportedMetrics = new(StringComparer.Ordinal);

    /// <summary>The profile this process runs under (read from <c>MULTIMODAL_PROFILE</c>; default <see cref="Profile.Full"/>).</summary>
    public static Profile Profile { get; private set; } = ReadProfile();

    /// <summary>Metrics reported so far in this process, by name.</summary>
    public static IReadOnlyDictionary<string, double> Metrics => ReportedMetrics;

    private static readonly Dictionary<string, string> ReportedLines = new(StringComparer.Ordinal);

    /// <summary>Every metric reported so far in this process with its target, a line each (<see cref="Describe"/>); a program's closing summary.</summary>
    public static string MetricsSummary()
    {
        lock (ReportedLines)
            return ReportedLines.Count == 0 ? "no metrics reported" : $"{ReportedLines.Count} metric(s) reported:\n" + string.Join("\n", ReportedLines.Values.Select(l => "  " + l));
    }

    /// <summary>
    /// Prepares the process for the course: installs the FSharp.Core redirect (Plotly.NET in the kernel),
    /// makes TorchSharp's native bridge loadable on older Linux hosts, seeds TorchSharp's generator
    /// (<see cref="Seed"/>), sets the number of CPU threads, registers notebook formatters (tensors, images, audio,
    /// charts) and reads the profile.
    /// Returns a summary that displays as a small table in a notebook.
    /// </summary>
    /// <param name="seed">Seed for TorchSharp's generator (see <see cref="Seed"/> for what it does and does not cover).</param>
    /// <param name="threads">CPU threads for TorchSharp; default: all cores.</param>
    /// <param name="profile">Overrides the profile chosen by the runner (<c>MULTIMODAL_PROFILE</c>).</param>
    /// <param name="device">The device (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>); default <c>MULTIMODAL_DEVICE</c>, else <c>cpu</c>. See <see cref="Device"/>.</param>
    public static SetupInfo Setup(int seed = 42, int? threads = null, Profile? profile = null, string? device = null)
    {
        if (threads is <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1 (or null for all cores).");
        FSharpCoreRedirect.Install();
        var compat = GlibcxxCompat.EnsureTorchSharpLoads() + " " + LibTorchPreload.Ensure();
        Device = ChooseDevice(device ?? Environment.GetEnvironmentVariable(DeviceVariable));
        torch.set_default_device(Device);
        Profile = profile ?? ReadProfile();
        var n = threads ?? Environment.ProcessorCount;
        torch.set_num_threads(n);
        Seed(seed);
        var warnings = NotebookHost.QuietUnificationWarnings();
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
            NotebookHost.InKernel,
            warnings,
            Device.ToString());
    }

    /// <summary>
    /// Seeds TorchSharp's global generator: initial weights of every model built afterwards, dropout masks and
    /// <c>torch.rand</c>/<c>randn</c>, so the same seed gives the same numbers. The world and the batch order have seeds
    /// of their own, given where they are made (<c>new SyntheticWorld(seed)</c>, <c>new Random(seed)</c> for batches,
    /// <see cref="Training.TrainerConfig.Seed"/>); nothing in the library draws from an unseeded generator.
    /// </summary>
    public static void Seed(int seed) => torch.manual_seed(seed);

    /// <summary>
    /// Picks a budget by profile: <paramref name="full"/> under <see cref="Profile.Full"/>,
    /// <paramref name="quick"/> under <see cref="Profile.Quick"/>.
    /// </summary>
    public static T Budget<T>(T full, T quick) => ForProfile(full, quick);

    /// <summary>
    /// Picks a quality target by profile: the lecture-level <paramref name="full"/> target under <see cref="Profile.Full"/>,
    /// the "it learned something" floor <paramref name="quick"/> under <see cref="Profile.Quick"/>. For
    /// <see cref="Report"/>: <c>Course.Report("bleu4", bleu4, atLeast: Course.Target(full: 0.6, quick: 0.3))</c>. Null
    /// for a profile means no target there (e.g. a claim that holds only with the full training budget).
    /// </summary>
    public static double? Target(double? full, double? quick) => ForProfile(full, quick);

    private static T ForProfile<T>(T full, T quick) => Profile == Profile.Quick ? quick : full;

    /// <summary>
    /// Publishes a metric, optionally with the target it must meet (e.g.
    /// <c>Course.Report("bleu4_heldout", 0.77, atLeast: Course.Target(full: 0.6, quick: 0.3))</c>). The headless runner
    /// collects it into <c>artifacts/summary.json</c> and marks the notebook failed when a target is missed; in a
    /// notebook the metrics of a cell appear as one table (metric, value, target, met), elsewhere a line each
    /// (<see cref="Describe"/>). Returns <paramref name="value"/>.
    /// </summary>
    /// <param name="name">The metric's name (snake_case, e.g. <c>attention_correctness</c>).</param>
    /// <param name="value">Its value (NaN and infinities are rejected: they mean something upstream went wrong).</param>
    /// <param name="atLeast">The value must be at least this (null: no lower bound).</param>
    /// <param name="atMost">The value must be at most this (null: no upper bound).</param>
    public static double Report(string name, double value, double? atLeast = null, double? atMost = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A metric needs a name, e.g. \"bleu4\".", nameof(name));
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentException($"Metric '{name}' is {value}: a NaN or infinite metric means something upstream went wrong (a diverged loss, an empty split).", nameof(value));
        foreach (var (bound, what) in new[] { (atLeast, nameof(atLeast)), (atMost, nameof(atMost)) })
            if (bound is { } b && (double.IsNaN(b) || double.IsInfinity(b)))
                throw new ArgumentException($"The target {what} = {b} of metric '{name}' is not a number: a target compared with another metric needs that metric to be defined.", what);
        if (atLeast is { } lo && atMost is { } hi && lo > hi)
            throw new ArgumentException($"Metric '{name}' has atLeast = {lo} above atMost = {hi}: no value can meet both.", nameof(atLeast));
        ReportedMetrics[name] = value;
        lock (ReportedLines) ReportedLines[name] = Describe(name, value, atLeast, atMost);
        var file = Environment.GetEnvironmentVariable(MetricsFileVariable);
        if (!string.IsNullOrEmpty(file))
        {
            var line = JsonSerializer.Serialize(new MetricLine(name, value, atLeast, atMost), MetricJson);
            lock (ReportedMetrics) File.AppendAllText(file, line + "\n");
        }
        if (NotebookHost.InKernel) ReportTable.Add(name, value, atLeast, atMost);
        else Console.WriteLine(Describe(name, value, atLeast, atMost));
        return value;
    }

    // In a notebook, the metrics one cell reports are one table (metric, value, target, met) that grows in place,
    // instead of a line each; a new cell starts a new table.
    private static class ReportTable
    {
        private static object? _command;
        private static DisplayHandle? _handle;
        private static readonly List<string[]> Rows = [];

        public static void Add(string name, double value, double? atLeast, double? atMost)
        {
            var inv = CultureInfo.InvariantCulture;
            lock (Rows)
            {
                var command = NotebookHost.CurrentCommand;
                if (!ReferenceEquals(command, _command) || _handle is null)
                {
                    _command = command;
                    _handle = null;
                    Rows.Clear();
                }
                var (bounds, met) = Target(value, atLeast, atMost, "G4");
                Rows.Add([name, value.ToString("G4", inv), bounds, bounds.Length == 0 ? "" : met ? "✓ met" : "✗ MISSED"]);
                var html = new Microsoft.AspNetCore.Html.HtmlString(Html.Table(["metric", "value", "target", ""], Rows));
                if (_handle is null) _handle = NotebookHost.Display(html, "text/html");
                else _handle.Update(html);
            }
        }
    }

    /// <summary>How <see cref="Report"/> prints a metric: <c>metric bleu4 = 0.61 (target ≥ 0.6: met)</c>.</summary>
    public static string Describe(string name, double value, double? atLeast = null, double? atMost = null)
    {
        var text = $"metric {name} = {value.ToString("G6", CultureInfo.InvariantCulture)}";
        var (bounds, met) = Target(value, atLeast, atMost, "G6");
        return bounds.Length == 0 ? text : $"{text} (target {bounds}: {(met ? "met" : "MISSED")})";
    }

    // A target for people ("≥ 0.6 and ≤ 0.9", empty without bounds) and whether the value meets it.
    private static (string Bounds, bool Met) Target(double value, double? atLeast, double? atMost, string format)
    {
        var inv = CultureInfo.InvariantCulture;
        var bounds = new List<string>();
        if (atLeast is { } lo) bounds.Add($"≥ {lo.ToString(format, inv)}");
        if (atMost is { } hi) bounds.Add($"≤ {hi.ToString(format, inv)}");
        return (string.Join(" and ", bounds), (atLeast is not { } l || value >= l) && (atMost is not { } h || value <= h));
    }

    private sealed record MetricLine(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("value")] double Value,
        [property: JsonPropertyName("atLeast")] double? AtLeast,
        [property: JsonPropertyName("atMost")] double? AtMost);

    private static readonly JsonSerializerOptions MetricJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The device named by <paramref name="name"/> (null or empty: cpu), checked against what this build and machine have.</summary>
    /// <exception cref="ArgumentException">Not a device name, or CUDA asked for where it is not available (says how to get it).</exception>
    public static torch.Device ChooseDevice(string? name)
    {
        var text = string.IsNullOrWhiteSpace(name) ? "cpu" : name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text != "cuda" && !(text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"device '{name}' is not one the course knows: expected 'cpu', 'cuda' or 'cuda:N' (the {DeviceVariable} variable or Course.Setup(device:)).");
        if (!torch.cuda.is_available())
            throw new ArgumentException($"device '{name}' was asked for ({DeviceVariable} or Course.Setup(device:)), but CUDA is not available to TorchSharp here: " +
                "this build uses the CPU package. For a GPU build the library with -p:TorchBackend=cuda (TorchSharp-cuda-linux), reference that package in the notebook's " +
                "first cell instead of TorchSharp-cpu, and check the NVIDIA driver (nvidia-smi). Leave the device unset to use the CPU.");
        return new torch.Device(text);
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
/// <param name="CompilerWarnings">What was done about the kernel's assembly-unification warnings (<see cref="NotebookHost.QuietUnificationWarnings"/>).</param>
/// <param name="Device">The device every model and batch uses (<see cref="Course.Device"/>).</param>
public sealed record SetupInfo(Profile Profile, int Seed, int Threads, string Compatibility, string TorchSharpVersion, string DotnetVersion, bool InKernel, string CompilerWarnings = "not in a kernel", string Device = "cpu")
{
    /// <summary>The summary as a small HTML table (how a notebook shows it), carrying plotly.js for the notebook's charts.</summary>
    public string ToHtml()
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new (string, string)[]
        {
            ("profile", Profile.ToString()), ("device", Device), ("seed", Seed.ToString(inv)), ("threads", Threads.ToString(inv)),
            ("TorchSharp", TorchSharpVersion), (".NET", DotnetVersion), ("platform", Compatibility), ("compiler warnings", CompilerWarnings),
        };
        // plotly.js rides with this output, the first of every notebook, so charts draw in saved copies too (Charts.Loader).
        return Html.Table(["setting", "value"], rows.Select(r => new[] { r.Item1, r.Item2 })) + Charts.Loader();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"MultiModal ready: profile {Profile}, seed {Seed}, {Threads} threads, TorchSharp {TorchSharpVersion}, .NET {DotnetVersion}. {Compatibility}";
}
