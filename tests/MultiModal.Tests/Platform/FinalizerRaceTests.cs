using Xunit;

namespace MultiModal.Tests.Platform;

/// <summary>
/// The cause of the rare test-host crash (issue "Reliability", §2), reproduced in a child process so a crash cannot take
/// the test host with it: TorchSharp hands libtorch the handles of Scalars and temporary tensors without keeping them
/// alive, so a garbage collection on another thread can free them in the middle of the native call (the control,
/// <c>dotnet run -c Release --project lib/MultiModal.Benchmarks -- finalizer-race-torchsharp</c>, gave a wrong sum after
/// about 10,000 iterations and then aborted on a quiet machine; under load it can stay exact for 30 s, so it is an
/// experiment, not a test). The library's
/// code (lib/MultiModal/Tensors/Scalars.cs, a dispose scope per step) must stay exact under the same pressure; the
/// IL check in Architecture/ScalarRootingTests.cs keeps new library code from reintroducing the pattern.
/// </summary>
public class FinalizerRaceTests
{
    private static Task<(int ExitCode, string Output)> Experiment(string name, int seconds) =>
        TestProcess.RunAsync("dotnet", [Repo.Path("lib", "MultiModal.Benchmarks", "bin", Repo.Configuration, "net10.0", "MultiModal.Benchmarks.dll"), name],
            Repo.Root, TimeSpan.FromSeconds(seconds + 60),
            new Dictionary<string, string> { ["MULTIMODAL_RACE_SECONDS"] = seconds.ToString(), ["DOTNET_DbgEnableMiniDump"] = "0" });

    [Fact]
    public async Task The_librarys_code_stays_exact_beside_a_collecting_thread()
    {
        var (exit, output) = await Experiment("finalizer-race-library", 15);
        Assert.True(exit == 0 && output.Contains("race: none seen", StringComparison.Ordinal),
            $"The library's code went wrong beside a collecting thread (exit code {exit}):\n" + output);
    }
}
