using MultiModal.CourseTool;
using MultiModal.CourseTool.Export;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Notebooks;

/// <summary>
/// Notebooks without the kernel: <c>mm export</c> writes a .NET 10 file-based app, <c>dotnet run</c> runs it, and it
/// reports exactly the metrics the notebook reports under the runner with the same seed and profile, and writes its
/// pictures, sounds and charts as files.
/// </summary>
public class ExportTests
{
    [Fact]
    public void The_script_dialect_becomes_a_program_usings_on_top_a_trailing_value_displayed_and_a_redeclared_variable_renamed()
    {
        var notebook = NotebookFile.Create([
            ("markdown", "# A title\nsome *text*"),
            ("code", "#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"../lib/MultiModal/bin/Debug/net10.0/MultiModal.dll\"\nusing MultiModal;\nvar rows = 3;\nrows * 2"),
            ("code", "using System.Text;\nvar rows = rows + 1; // a notebook may declare it again\nConsole.WriteLine(rows);"),
            ("code", "display(rows);\nobject Twice(int n) => n * 2;\nTwice(rows)"),
        ]);
        var app = AppExporter.Translate(notebook, "demo", "../lib/MultiModal/MultiModal.csproj", "../notebooks");
        Assert.Contains("#:project ../lib/MultiModal/MultiModal.csproj", app);
        Assert.DoesNotContain("#r ", app);                                                  // the library comes by project reference
        Assert.True(app.IndexOf("using System.Text;", StringComparison.Ordinal) < app.IndexOf("FileDisplay.Install", StringComparison.Ordinal), app);
        Assert.Contains("// # A title\n// some *text*", app);
        Assert.Contains("display(rows * 2);", app);
        Assert.Contains("var rows_2 = rows + 1;", app);                                     // the old value is read, the new name declared
        Assert.Contains("Console.WriteLine(rows_2);", app);
        Assert.Contains("display(rows_2);", app);
        Assert.Contains("display(Twice(rows_2));", app);
        Assert.Contains("Console.WriteLine(MultiModal.Course.MetricsSummary());", app);
    }

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Repo.Path("notebooks"), "*.ipynb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_notebook_exports_to_an_app_that_compiles(string name)
    {
        var dir = Directory.CreateTempSubdirectory("mm-apps-build-").FullName;
        try
        {
            var app = AppExporter.Export(Repo.Path("notebooks", name + ".ipynb"), dir);
            var (exitCode, output) = await Build(app, dir, whileBuilt: runfile =>
            {
                // this machine's libtorch once, no other platform's (TorchSharp-cpu carries all three: 1 GB an app)
                var libtorch = Directory.GetFiles(runfile, "*torch_cpu.*", SearchOption.AllDirectories);
                Assert.True(libtorch.Length == 1, $"expected one libtorch_cpu in the app's build output, found {libtorch.Length}: {string.Join(", ", libtorch)}");
                return Task.CompletedTask;
            });
            Assert.True(exitCode == 0, $"dotnet build {app} failed:\n{output}");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// The SDK's build folder of one file-based app, from the line "name.cs -> …/dotnet/runfile/name-hash/bin/…/name.dll" of
    /// its build output; null unless it is such a folder (the library project's own "->" line must never be taken for it).
    /// </summary>
    private static string? RunfileFolder(string buildOutput, string appFile)
    {
        var line = System.Text.RegularExpressions.Regex.Match(buildOutput, $@"^\s*{System.Text.RegularExpressions.Regex.Escape(appFile)} -> (?<dll>\S+)\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
        if (!line.Success) return null;
        var dll = line.Groups["dll"].Value;
        var root = $"{Path.DirectorySeparatorChar}runfile{Path.DirectorySeparatorChar}";
        var at = dll.IndexOf(root, StringComparison.Ordinal);
        if (at < 0) return null;
        var folder = dll[..(at + root.Length)] + dll[(at + root.Length)..].Split(Path.DirectorySeparatorChar)[0];
        return Path.GetFileName(folder).StartsWith(Path.GetFileNameWithoutExtension(appFile) + "-", StringComparison.Ordinal) ? folder : null;
    }

    /// <summary>
    /// <c>dotnet build</c> of a file-based app, then its build output removed: the SDK keeps it under
    /// ~/.local/share/dotnet/runfile/ for every path it has built, and a few hundred MB each fill a CI disk.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> Build(string app, string dir, Func<string, Task>? whileBuilt = null)
    {
        var (exitCode, output) = await TestProcess.RunAsync("dotnet", ["build", app], dir, TimeSpan.FromMinutes(5));
        var runfile = RunfileFolder(output, Path.GetFileName(app));
        try { if (exitCode == 0 && whileBuilt is not null) await whileBuilt(runfile ?? throw new InvalidOperationException($"no build output path in:\n{output}")); }
        finally { if (runfile is not null && Directory.Exists(runfile)) Directory.Delete(runfile, recursive: true); }
        return (exitCode, output);
    }

    [Theory]
    [InlineData("00_setup", new[] { ".png", ".wav", ".html" })]
    [InlineData("04_show_and_tell", new[] { ".png", ".html" })]
    public async Task An_exported_notebook_runs_with_dotnet_run_and_reports_the_notebooks_metrics(string name, string[] files)
    {
        var notebook = Repo.Path("notebooks", name + ".ipynb");
        var dir = Directory.CreateTempSubdirectory("mm-apps-").FullName;
        // One private cache for both runs, empty at the start: the kernel computes the features and writes them, the
        // app reads them back. Never the repository's cache, which other tests fill while this one runs.
        var cache = Path.Combine(dir, "cache");
        try
        {
            var run = CourseToolProcess.Run(TimeSpan.FromMinutes(8), new Dictionary<string, string> { [CacheFolder.Variable] = cache },
                "run", notebook, "--profile", "quick");
            var expected = Assert.Single(run.Summary!.Notebooks);
            Assert.True(expected.Status == NotebookStatus.Passed, run.Output);

            var app = AppExporter.Export(notebook, dir);
            var metricsFile = Path.Combine(dir, "metrics.jsonl");
            var (exitCode, output) = (-1, "");
            var (built, buildOutput) = await Build(app, dir, whileBuilt: async _ =>
                (exitCode, output) = await TestProcess.RunAsync("dotnet", ["run", "--no-build", app], dir, TimeSpan.FromMinutes(8),
                    new Dictionary<string, string> { ["MULTIMODAL_PROFILE"] = "quick", [EnvironmentVariables.MetricsFile] = metricsFile, [CacheFolder.Variable] = cache }));
            Assert.True(built == 0, $"dotnet build {app} failed:\n{buildOutput}");
            Assert.True(exitCode == 0, $"dotnet run {app} exited {exitCode}:\n{(output.Length > 6000 ? output[^6000..] : output)}");
            Assert.Contains("metric(s) reported:", output);

            var reported = MetricsFile.Read(metricsFile);
            Assert.Empty(reported.Problems);
            static string Listed(IReadOnlyDictionary<string, double> metrics) =>
                string.Join("\n", metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"  {m.Key} = {m.Value:R}"));
            var both = $"notebook in the kernel:\n{Listed(expected.Metrics)}\nexported app:\n{Listed(reported.Metrics)}";
            Assert.True(expected.Metrics.Keys.Order().SequenceEqual(reported.Metrics.Keys.Order()), $"the two runs reported different metrics\n{both}");
            foreach (var (metric, value) in expected.Metrics)
                Assert.True(Math.Abs(reported.Metrics[metric] - value) <= 1e-9 * Math.Max(1, Math.Abs(value)), $"{metric}: notebook {value}, app {reported.Metrics[metric]}\n{both}");
            var written = Directory.GetFiles(Path.Combine(dir, name)).Select(Path.GetExtension).ToHashSet();
            foreach (var extension in files) Assert.Contains(extension, written);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
