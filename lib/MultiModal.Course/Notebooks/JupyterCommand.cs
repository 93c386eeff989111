using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>
/// <c>mm jupyter</c>: registers the course's Jupyter kernel, <c>.net-csharp</c>, so that it starts wherever a notebook
/// is opened. <c>dotnet interactive jupyter install</c> registers <c>dotnet interactive …</c>, which only resolves
/// inside a folder whose tool manifest lists the tool: a notebook copied out of the repository then had no kernel
/// ("kernel died"). Here the pinned dotnet-interactive goes into a tool folder of its own
/// (<c>~/.multimodal/tools/dotnet-interactive-VERSION</c>) and the kernel spec runs that executable by its full path.
/// </summary>
public static class JupyterCommand
{
    /// <summary>The kernel name every notebook of the course asks for.</summary>
    public const string KernelName = ".net-csharp";

    /// <summary>Installs the tool if needed and writes the kernel spec; returns 0, or 1 with a message saying what is missing.</summary>
    public static int Run(TextWriter console)
    {
        var version = PinnedToolVersion();
        var toolDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".multimodal", "tools", $"dotnet-interactive-{version}");
        var executable = Path.Combine(toolDir, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");
        if (!File.Exists(executable))
        {
            console.WriteLine($"installing dotnet-interactive {version} into {toolDir} …");
            var (code, output) = Exec("dotnet", "tool", "install", "microsoft.dotnet-interactive", "--version", version, "--tool-path", toolDir);
            if (code != 0 || !File.Exists(executable))
            {
                console.WriteLine($"could not install dotnet-interactive {version} (dotnet tool install exited {code}):\n{output}");
                return 1;
            }
        }
        var spec = Directory.CreateTempSubdirectory("mm-kernelspec-").FullName;
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? root : DotnetRoot();
        var kernel = new JsonObject
        {
            ["argv"] = new JsonArray(executable, "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"),
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["env"] = dotnetRoot is null ? new JsonObject() : new JsonObject { ["DOTNET_ROOT"] = dotnetRoot },
            ["metadata"] = new JsonObject { ["multimodal"] = new JsonObject { ["tool"] = executable, ["version"] = version } },
        };
        File.WriteAllText(Path.Combine(spec, "kernel.json"), kernel.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var (installed, log) = Exec("jupyter", "kernelspec", "install", "--user", "--replace", "--name", KernelName, spec);
        Directory.Delete(spec, recursive: true);
        if (installed != 0)
        {
            console.WriteLine($"jupyter kernelspec install failed ({installed}): is Jupyter installed? (Debian/Ubuntu: sudo apt-get install jupyter-client jupyter-nbconvert python3-nbclient, or pip install jupyterlab)\n{log}");
            return 1;
        }
        console.WriteLine($"registered the Jupyter kernel '{KernelName}' (.NET (C#)): {executable} — it starts for notebooks anywhere, not only inside the repository.");
        return 0;
    }

    // The version pinned in .config/dotnet-tools.json (one place for the tool's version).
    private static string PinnedToolVersion()
    {
        var manifest = Path.Combine(RepoPaths.Root, ".config", "dotnet-tools.json");
        var version = (string?)JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?["microsoft.dotnet-interactive"]?["version"];
        return version ?? throw new InvalidOperationException($"{manifest} does not pin microsoft.dotnet-interactive.");
    }

    // The folder of the dotnet host on PATH (symbolic links followed): the tool's launcher needs it as DOTNET_ROOT when
    // dotnet is not in a standard place.
    private static string? DotnetRoot()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (!File.Exists(candidate)) continue;
            var target = File.ResolveLinkTarget(candidate, returnFinalTarget: true)?.FullName ?? candidate;
            return Path.GetDirectoryName(target);
        }
        return null;
    }

    private static (int Code, string Output) Exec(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{file} is not installed or not on PATH ({e.Message}).");
        }
    }
}
