using Xunit;

namespace MultiModal.Tests.Platform;

[Collection("environment")] // these tests change process-wide environment variables
public class CourseTests
{
    [Fact]
    public void Report_appends_json_lines_to_the_runner_file_and_refuses_nonsense()
    {
        var file = Path.GetTempFileName();
        Environment.SetEnvironmentVariable(Course.MetricsFileVariable, file);
        try
        {
            Course.Report("bleu4", 0.61);
            Course.Report("acc", 1);
            Assert.Equal(["{\"name\":\"bleu4\",\"value\":0.61}", "{\"name\":\"acc\",\"value\":1}"], File.ReadAllLines(file));
            Assert.Equal(0.61, Course.Metrics["bleu4"]);
            Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Course.Report("loss", double.NaN)).Message);
            Assert.Throws<ArgumentException>(() => Course.Report(" ", 1));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Course.MetricsFileVariable, null);
            File.Delete(file);
        }
    }

    [Fact]
    public void Setup_reads_the_profile_seeds_and_budgets_follow_it()
    {
        Environment.SetEnvironmentVariable(Course.ProfileVariable, "quick");
        try
        {
            var info = Course.Setup(seed: 7, threads: 1);
            Assert.Equal(Profile.Quick, info.Profile);
            Assert.Equal(10, Course.Budget(1000, 10));
            using var ta = TorchSharp.torch.rand(3);
            var a = ta.data<float>().ToArray();
            Course.Seed(7);
            using var tb = TorchSharp.torch.rand(3);
            var b = tb.data<float>().ToArray();
            Assert.Equal(a, b); // same seed, same numbers

            Environment.SetEnvironmentVariable(Course.ProfileVariable, "turbo");
            Assert.Contains("expected 'full' or 'quick'", Assert.Throws<ArgumentException>(() => Course.Setup()).Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Course.Setup(threads: 0));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Course.ProfileVariable, null);
            Course.Setup(threads: Environment.ProcessorCount);
        }
        Assert.Equal(Profile.Full, Course.Profile);
    }

    [Fact]
    public void Environment_check_passes_on_this_machine()
    {
        var report = EnvironmentCheck.Run();
        Assert.True(report.Ready, report.ToString());
        Assert.Equal(6, report.Items.Count);
        var libtorch = Assert.Single(report.Items, i => i.Name == "libtorch");
        Assert.Contains("TorchSharp runs on", libtorch.Detail);
        Assert.Contains(EnvironmentCheck.Versions(), v => v.Component == "TorchSharp" && v.Version.StartsWith("0.107", StringComparison.Ordinal));
    }

    [Fact]
    public void Tone_has_the_asked_frequency_by_zero_crossings()
    {
        var tone = EnvironmentCheck.Tone(frequency: 250, seconds: 1, sampleRate: 16000);
        Assert.Equal(16000, tone.Length);
        var upward = Enumerable.Range(1, tone.Length - 1).Count(i => tone[i - 1] < 0 && tone[i] >= 0);
        Assert.InRange(upward, 249, 251); // one upward zero crossing per period
        Assert.Throws<ArgumentOutOfRangeException>(() => EnvironmentCheck.Tone(frequency: 9000, sampleRate: 16000));
    }
}
