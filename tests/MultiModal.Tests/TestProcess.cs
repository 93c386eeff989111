using System.Diagnostics;

namespace MultiModal.Tests;

/// <summary>Runs a program as a child process and returns its exit code and everything it printed (stdout, then stderr).</summary>
internal static class TestProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>; a process that
    /// outlives <paramref name="limit"/> is killed with its children and reported as exit code -1.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan limit,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        ChildEnvironment.Isolate(psi, environment);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} {string.Join(' ', args)} did not finish in {limit}");
        }
        return (p.ExitCode, await stdout + await stderr);
    }
}
