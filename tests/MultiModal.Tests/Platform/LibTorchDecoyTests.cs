using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Platform;

/// <summary>
/// A machine with another libtorch on the loader's path (Debian's python3-torch puts 1.13 in /usr/lib; here a decoy
/// <c>libtorch_cpu.so</c> on <c>LD_LIBRARY_PATH</c> stands in for it): TorchSharp alone picks the foreign copy up and
/// fails; the course's notebooks load TorchSharp's own libtorch first (<see cref="MultiModal.Platform.LibTorchPreload"/>)
/// and run, and 00_setup says which libtorch it runs on.
/// </summary>
public class LibTorchDecoyTests
{
    private static Dictionary<string, string> Decoy()
    {
        var dir = Directory.CreateTempSubdirectory("mm-decoy-libtorch-").FullName;
        // Any shared library that is not libtorch: the loader opens it for "libtorch_cpu.so" and the bridge finds no symbols.
        var stand = new[] { "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/aarch64-linux-gnu/libz.so.1" }.First(File.Exists);
        File.Copy(stand, Path.Combine(dir, "libtorch_cpu.so"));
        var path = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        return new() { ["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(path) ? dir : $"{dir}:{path}" };
    }

    [Fact]
    public void Control_torchsharp_alone_loads_the_decoy_and_fails()
    {
        if (!OperatingSystem.IsLinux()) return; // the loader's search path is a Linux matter
        var r = CourseToolProcess.Run(TimeSpan.FromMinutes(5), Decoy(), "run", Repo.Path("tests", "MultiModal.Tests", "Runner", "Fixtures", "torch_without_library.ipynb"));
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.True(nb.Status == NotebookStatus.Failed && nb.FailedCell == 3, $"the decoy should break TorchSharp alone:\n{r.Output}");
    }

    [Fact]
    public void The_setup_notebook_runs_on_its_own_libtorch_and_says_so()
    {
        if (!OperatingSystem.IsLinux()) return; // the loader's search path is a Linux matter
        var decoy = Decoy();
        var r = CourseToolProcess.Run(TimeSpan.FromMinutes(5), decoy, "run", Repo.Path("notebooks", "00_setup.ipynb"), "--profile", "quick");
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.True(nb.Status == NotebookStatus.Passed, r.Output);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "notebooks", "00_setup.ipynb"));
        var shown = string.Join("\n", executed.CodeCells.SelectMany(c => c.Outputs).Select(o => o.ToJsonString()));
        Assert.Contains($"libtorch {MultiModal.Platform.LibTorchPreload.Version} loaded from", shown);
        Assert.Contains("ignored: " + decoy["LD_LIBRARY_PATH"].Split(':')[0], shown);
    }
}
