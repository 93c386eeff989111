using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.Tests;

/// <summary>Runs the course tool (mm) as a child process, as a student or CI would.</summary>
internal static class CourseToolProcess
{
    public sealed record Result(int ExitCode, string Output, RunSummary? Summary, string OutDir);

    // Every run's output folder (executed notebooks, a site: a few MB each) is removed when the test process ends;
    // tests read them after Run returns.
    private static readonly List<string> OutDirs = Init();

    private static List<string> Init()
    {
        var dirs = new List<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (dirs)
                foreach (var d in dirs)
                    try { Directory.Delete(d, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return dirs;
    }

    public static Result Run(TimeSpan limit, params string[] args) => Run(limit, new Dictionary<string, string>(), args);

    /// <summary>Runs mm with extra environment variables (inherited by the notebooks' kernel processes).</summary>
    public static Result Run(TimeSpan limit, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var outDir = Directory.CreateTempSubdirectory("mm-test-").FullName;
        lock (OutDirs) OutDirs.Add(outDir);
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(Repo.CourseTool);
        foreach (var a in args) psi.ArgumentList.Add(a);
        ChildEnvironment.Isolate(psi, environment);
        if (args.Length > 0 && args[0] is "run" or "grade")
        {
            psi.ArgumentList.Add("--out");
            psi.ArgumentList.Add(outDir);
        }
        var output = new StringBuilder();
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"mm {string.Join(' ', args)} did not finish in {limit}. Output so far:\n{output}");
        }
        p.WaitForExit();
        var summaryFile = Path.Combine(outDir, "summary.json");
        var summary = File.Exists(summaryFile) ? JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(summaryFile), RunSummary.Json) : null;
        return new Result(p.ExitCode, output.ToString(), summary, outDir);
    }
}
