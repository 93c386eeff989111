using System.Globalization;
using MultiModal.CourseTool;
using MultiModal.CourseTool.Exercises;
using MultiModal.CourseTool.Notebooks;

return await Cli.MainAsync(args);

namespace MultiModal.CourseTool
{
    /// <summary>The course tool's command line.</summary>
    public static class Cli
    {
        private const string Usage = """
            MultiModal course tool

              run [PATH...] [--profile full|quick] [--device cpu|cuda] [--cell-timeout SECONDS] [--out DIR] [--summary NAME]
                  Execute notebooks headlessly (default: notebooks/), write executed copies and
                  DIR/summary.json (default DIR: artifacts), print a summary table. A notebook fails when a
                  cell fails or a metric misses the target it was reported with (Course.Report(name, value,
                  atLeast:, atMost:)); the table counts each notebook's targets met and lists every miss.
                  Also writes the offline site, DIR/site/index.html (see site).
              site [--from DIR] [--out DIR]
                  Write every executed notebook of the last run in DIR (default: artifacts) as one offline
                  HTML page, plus an index with each lesson's status and headline metric, to --out
                  (default: DIR/site). Nothing on the pages is fetched from the network.
              export [NOTEBOOK...] [--out DIR]
                  Turn notebooks (default: notebooks/) into .NET 10 file-based apps, DIR/NN_topic.cs (default
                  DIR: artifacts/apps): run one with 'dotnet run DIR/NN_topic.cs'; its pictures, sounds and
                  charts are written to DIR/NN_topic/, its metrics printed.
              jupyter
                  Register the Jupyter kernel '.net-csharp' so it starts for notebooks anywhere: installs the
                  pinned dotnet-interactive into ~/.multimodal/tools and points the kernel spec at it.
              exercises [--check]
                  Generate exercises/X.ipynb from every solutions/X.ipynb (solution regions become stubs,
                  outputs cleared). --check: change nothing, exit 1 if exercises/ is out of date.
              grade PATH... [--json FILE] [--profile full|quick] [--cell-timeout SECONDS] [--out DIR]
                    [--memory-limit MB] [--time-limit SECONDS]
                  Execute students' exercise notebooks (folders are searched recursively), print a table
                  per notebook (passed / failed with the message / not done / not run) and a score. The
                  instructor's check cells (from solutions/) are restored and only their results count; each
                  submission runs in its own process within the limits (default 4096 MB, 1200 s), without
                  network and unable to change the repository or the class folder where Linux allows it.
              exec NOTEBOOK --out FILE --result FILE [--cell-timeout SECONDS] [--graded-cells FILE]
                  (internal) Execute one notebook in this process.
            """;

        /// <summary>Entry point; returns the exit code.</summary>
        public static async Task<int> MainAsync(string[] args)
        {
            try
            {
                if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
                {
                    Console.WriteLine(Usage);
                    return args.Length == 0 ? 2 : 0;
                }
                var rest = args.Skip(1).ToList();
                switch (args[0])
                {
                    case "run":
                        var paths = Positionals(rest, "--profile", "--device", "--cell-timeout", "--out", "--summary");
                        var profile = Option(rest, "--profile") ?? "full";
                        if (profile is not ("full" or "quick")) throw new UsageException($"--profile must be 'full' or 'quick', not '{profile}'.");
                        return await RunCommand.RunAsync(new RunOptions
                        {
                            Paths = paths,
                            Profile = profile,
                            CellTimeout = SecondsOption(rest, "--cell-timeout") ?? TimeSpan.FromMinutes(10),
                            OutDir = Option(rest, "--out") ?? Path.Combine(RepoPaths.Root, "artifacts"),
                            SummaryName = Option(rest, "--summary") ?? "summary.json",
                            Device = Option(rest, "--device"),
                        }, Console.Out);
                    case "site":
                        Positionals(rest, "--from", "--out").ForEach(p => throw new UsageException($"site takes no paths ('{p}'); say where the run wrote its summary with --from DIR."));
                        var from = Option(rest, "--from") ?? Path.Combine(RepoPaths.Root, "artifacts");
                        var summaryFile = Path.Combine(from, "summary.json");
                        if (!File.Exists(summaryFile)) throw new UsageException($"No run to make a site of: {summaryFile} does not exist. Run the notebooks first (run [PATH...] --out {from}).");
                        var runSummary = System.Text.Json.JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(summaryFile), RunSummary.Json)!;
                        Console.WriteLine($"Site: {Site.SiteWriter.Write(runSummary, Option(rest, "--out") ?? Path.Combine(from, "site"))}");
                        return 0;
                    case "export":
                        var toExport = Positionals(rest, "--out");
                        var appDir = Option(rest, "--out") ?? Path.Combine(RepoPaths.Root, "artifacts", "apps");
                        var sources = toExport.DefaultIfEmpty(Path.Combine(RepoPaths.Root, "notebooks"))
                            .SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.ipynb").Order(StringComparer.Ordinal).ToArray() : File.Exists(p) ? new[] { p } : throw new UsageException($"No notebook or folder at '{p}'."))
                            .ToList();
                        foreach (var source in sources) Console.WriteLine($"{RepoPaths.Relative(source)} → {RepoPaths.Relative(Export.AppExporter.Export(source, appDir))}");
                        return 0;
                    case "jupyter":
                        Positionals(rest).ForEach(p => throw new UsageException($"jupyter takes no arguments ('{p}')."));
                        return JupyterCommand.Run(Console.Out);
                    case "exercises":
                        var check = rest.Remove("--check");
                        Positionals(rest).ForEach(p => throw new UsageException($"exercises takes no paths ('{p}')."));
                        var stale = ExerciseGenerator.Sync(Path.Combine(RepoPaths.Root, "solutions"), Path.Combine(RepoPaths.Root, "exercises"), check, Console.Out);
                        Console.WriteLine(stale.Count == 0 ? "exercises/ is in sync with solutions/." : check ? $"{stale.Count} exercise notebook(s) out of date." : $"{stale.Count} exercise notebook(s) written.");
                        return check && stale.Count > 0 ? 1 : 0;
                    case "grade":
                        var gradeProfile = Option(rest, "--profile") ?? "quick";
                        if (gradeProfile is not ("full" or "quick")) throw new UsageException($"--profile must be 'full' or 'quick', not '{gradeProfile}'.");
                        var submissions = Positionals(rest, "--json", "--profile", "--cell-timeout", "--out", "--memory-limit", "--time-limit");
                        if (submissions.Count == 0) throw new UsageException("grade needs at least one notebook or folder.");
                        return await GradeCommand.RunAsync(new RunOptions
                        {
                            Paths = submissions,
                            Profile = gradeProfile,
                            CellTimeout = SecondsOption(rest, "--cell-timeout") ?? TimeSpan.FromMinutes(10),
                            OutDir = Option(rest, "--out") ?? Path.Combine(RepoPaths.Root, "artifacts", "grading"),
                        }, Option(rest, "--json"), Console.Out, new GradeLimits(
                            Option(rest, "--memory-limit") is { } mb ? (long.TryParse(mb, out var m) && m >= 256 ? m : throw new UsageException($"--memory-limit is in MB, at least 256, not '{mb}'.")) : GradeLimits.DefaultMemoryLimitMb,
                            SecondsOption(rest, "--time-limit")));
                    case "exec":
                        var nb = Positionals(rest, "--out", "--result", "--cell-timeout", "--graded-cells").SingleOrDefault()
                                 ?? throw new UsageException("exec needs exactly one notebook path.");
                        return await ExecCommand.RunAsync(nb,
                            Option(rest, "--out") ?? throw new UsageException("exec needs --out FILE."),
                            Option(rest, "--result") ?? throw new UsageException("exec needs --result FILE."),
                            SecondsOption(rest, "--cell-timeout") ?? TimeSpan.FromMinutes(10),
                            Option(rest, "--graded-cells"));
                    default:
                        throw new UsageException($"Unknown command '{args[0]}'.");
                }
            }
            catch (Exception e) when (e is ExerciseFormatException or NotebookFormatException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        internal static string? Option(List<string> args, string name)
        {
            var i = args.IndexOf(name);
            if (i < 0) return null;
            if (i + 1 >= args.Count) throw new UsageException($"{name} needs a value.");
            return args[i + 1];
        }

        internal static TimeSpan? SecondsOption(List<string> args, string name)
        {
            var v = Option(args, name);
            if (v is null) return null;
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s <= 0)
                throw new UsageException($"{name} must be a positive number of seconds, not '{v}'.");
            return TimeSpan.FromSeconds(s);
        }

        internal static List<string> Positionals(List<string> args, params string[] valued)
        {
            var list = new List<string>();
            for (var i = 0; i < args.Count; i++)
            {
                if (valued.Contains(args[i])) { i++; continue; }
                if (args[i].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"Unknown option '{args[i]}'.");
                list.Add(args[i]);
            }
            return list;
        }
    }

    /// <summary>A command line that does not make sense; printed with the usage.</summary>
    public sealed class UsageException(string message) : Exception(message);
}
