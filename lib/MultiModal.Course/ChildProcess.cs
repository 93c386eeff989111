using System.Diagnostics;

namespace MultiModal.CourseTool;

/// <summary>Starts this same course tool again as a child process (used to run each notebook in its own kernel).</summary>
public static class ChildProcess
{
    /// <summary>A start description for <c>mm ARGS</c>, whether this tool runs as an apphost or through <c>dotnet mm.dll</c>.</summary>
    public static ProcessStartInfo Self(params string[] args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
