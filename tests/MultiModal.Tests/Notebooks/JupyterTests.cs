using System.Diagnostics;
using System.Text.Json.Nodes;
using MultiModal.CourseTool;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Notebooks;

/// <summary>
/// The course in Jupyter, proven by Jupyter itself: notebooks executed by <c>jupyter nbconvert --execute</c> with the
/// <c>.net-csharp</c> kernel that <c>mm jupyter</c> registers, checked the way the runner checks its own copies
/// (<see cref="SavedCopyCheck"/>: no chart before plotly.js, no chart twice, no compiler warning shown) plus no error
/// output and the displays each notebook is about.
/// Set-up (documented in README): Debian's <c>jupyter-nbconvert jupyter-client python3-nbclient</c>; when they are
/// missing and the tests run as root with apt-get available, the first test installs them.
/// </summary>
public class JupyterTests
{
    private static readonly Lazy<string> Jupyter = new(FindOrInstallJupyter);
    private static readonly Lazy<bool> Kernel = new(RegisterKernel);

    [Fact]
    public void The_registered_kernel_starts_for_a_notebook_outside_the_repository()
    {
        var dir = Directory.CreateTempSubdirectory("mm-jupyter-outside-").FullName;
        var file = Path.Combine(dir, "anywhere.ipynb");
        NotebookFile.Create([("code", "var answer = 6 * 7;\nanswer")], file).Save(file);
        var executed = Execute(file, dir);
        var result = Assert.Single(executed.CodeCells.Single().Outputs, o => (string?)o["output_type"] == "execute_result");
        Assert.Contains("42", result["data"]!["text/plain"]?.ToJsonString() ?? result["data"]!.ToJsonString());
    }

    [Theory]
    [InlineData("00_setup", "setup")]
    [InlineData("08_sound_representation", "sound")]
    [InlineData("04_show_and_tell", "training")]
    public void A_lecture_notebook_runs_in_jupyter_with_no_error_no_warning_and_its_displays(string name, string kind)
    {
        var dir = Directory.CreateTempSubdirectory("mm-jupyter-").FullName;
        var executed = Execute(Repo.Path("notebooks", name + ".ipynb"), dir);
        var outputs = executed.CodeCells.SelectMany(c => c.Outputs.Select(o => (Cell: c.Number, Output: o))).ToList();
        var errors = outputs.Where(o => (string?)o.Output["output_type"] == "error").Select(o => $"cell {o.Cell}: {o.Output["ename"]}: {o.Output["evalue"]}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var problems = SavedCopyCheck.Problems(executed);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var html = string.Join("\n", outputs.Select(o => o.Output["data"]?["text/html"] is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : ""));
        Assert.Contains(SavedCopyCheck.LoaderMarker, html);                                      // the set-up table carries plotly.js
        Assert.Contains("class=\"mm-chart\"", html);                                             // and charts come after it
        switch (kind)
        {
            case "setup":
                Assert.Contains("compiler warnings", html);
                Assert.Contains("<audio", html);
                Assert.Contains("<img", html);
                break;
            case "sound":
                Assert.True(html.Split("<audio").Length - 1 >= 10, "08 plays at least ten sounds.");
                Assert.Contains("class=\"mm-axes\"", html);                                      // spectrograms with axes
                break;
            case "training":
                Assert.Contains("Show and Tell — training loss", html);                           // the live chart, final
                Assert.Contains("<th", html);                                                    // the table of reported metrics
                break;
        }
    }

    private static NotebookFile Execute(string notebook, string outDir)
    {
        Assert.True(Kernel.Value);
        var psi = new ProcessStartInfo(Jupyter.Value) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(notebook)! };
        foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={JupyterCommand.KernelName}",
                     "--ExecutePreprocessor.timeout=600", "--output-dir", outDir, notebook })
            psi.ArgumentList.Add(a);
        ChildEnvironment.Isolate(psi, new Dictionary<string, string> { [EnvironmentVariables.Profile] = "quick" });
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"jupyter nbconvert --execute {notebook} did not finish in 10 minutes.");
        }
        Assert.True(p.ExitCode == 0, $"jupyter nbconvert --execute {notebook} failed ({p.ExitCode}):\n{Tail(stderr.Result)}\n{Tail(stdout.Result)}");
        return NotebookFile.Load(Path.Combine(outDir, Path.GetFileName(notebook)));
    }

    private static string Tail(string s) => s.Length > 4000 ? "…" + s[^4000..] : s;

    private static bool RegisterKernel()
    {
        _ = Jupyter.Value;
        var r = CourseToolProcess.Run(TimeSpan.FromMinutes(5), "jupyter");
        Assert.True(r.ExitCode == 0, r.Output);
        return true;
    }

    private static string FindOrInstallJupyter()
    {
        const string jupyter = "/usr/bin/jupyter";
        bool Ready() => File.Exists(jupyter) && File.Exists("/usr/bin/jupyter-nbconvert") && File.Exists("/usr/bin/jupyter-kernelspec");
        if (!Ready() && File.Exists("/usr/bin/apt-get") && Environment.UserName == "root")
        {
            Site.OfflineBrowser.Run("apt-get", "update");
            Site.OfflineBrowser.Run("apt-get", "install", "-y", "--no-install-recommends", "jupyter-nbconvert", "jupyter-client", "python3-nbclient");
        }
        if (!Ready())
            throw new InvalidOperationException("The Jupyter tests need Jupyter: 'sudo apt-get install jupyter-nbconvert jupyter-client python3-nbclient' (Debian/Ubuntu) or 'pip install nbconvert nbclient'.");
        return jupyter;
    }
}
