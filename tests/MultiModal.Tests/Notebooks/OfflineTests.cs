using System.Text.Json;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Notebooks;

/// <summary>
/// The main job needs no network once packages are restored (a lab with no internet): the course tool runs notebooks
/// inside a network namespace that has only a loopback device, made with <c>unshare --net</c> (root, or an
/// unprivileged user namespace with <c>--map-root-user</c>). A training notebook and the sound notebook, quick profile.
/// </summary>
public class OfflineTests
{
    [Fact]
    public async Task The_main_job_runs_notebooks_with_no_network()
    {
        string[]? unshare = null;
        foreach (var flags in new[] { new[] { "--net" }, new[] { "--net", "--map-root-user" } })
            if ((await TestProcess.RunAsync("unshare", [.. flags, "--", "sh", "-c", "! getent hosts api.nuget.org >/dev/null"], Repo.Root, TimeSpan.FromSeconds(20))).ExitCode == 0) { unshare = flags; break; }
        Assert.True(unshare is not null, "unshare cannot create a network namespace on this machine (needs root or unprivileged user namespaces)");
        var outDir = Directory.CreateTempSubdirectory("mm-offline-").FullName;
        try
        {
            string[] args = [.. unshare!, "--", "dotnet", Repo.CourseTool, "run", Repo.Path("notebooks", "04_show_and_tell.ipynb"), Repo.Path("notebooks", "08_sound_representation.ipynb"),
                "--profile", "quick", "--out", outDir];
            var (code, output) = await TestProcess.RunAsync("unshare", args, Repo.Root, TimeSpan.FromMinutes(8));
            Assert.True(code == 0, $"mm run without network exited {code}:\n{(output.Length > 6000 ? output[^6000..] : output)}");
            var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(Path.Combine(outDir, "summary.json")), RunSummary.Json)!;
            Assert.Equal(2, summary.Notebooks.Count);
            Assert.All(summary.Notebooks, n => Assert.Equal(NotebookStatus.Passed, n.Status));
        }
        finally { Directory.Delete(outDir, recursive: true); }
    }
}
