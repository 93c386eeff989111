using MultiModal.CourseTool;
using Xunit;

namespace MultiModal.Tests.Runner;

/// <summary>
/// The course tool does not reference the library (notebooks load their own copy), so it repeats the names of the
/// environment variables they talk through; these must stay equal to the library's.
/// </summary>
public class EnvironmentVariableTests
{
    [Fact]
    public void The_profile_variable_is_the_librarys() =>
        Assert.Equal(global::MultiModal.Course.ProfileVariable, EnvironmentVariables.Profile);

    [Fact]
    public void The_device_variable_is_the_librarys() =>
        Assert.Equal(global::MultiModal.Course.DeviceVariable, EnvironmentVariables.Device);

    [Fact]
    public void The_metrics_file_variable_is_the_librarys() =>
        Assert.Equal(global::MultiModal.Course.MetricsFileVariable, EnvironmentVariables.MetricsFile);

    [Fact]
    public void The_exercises_file_variable_is_the_librarys() =>
        Assert.Equal(global::MultiModal.Exercises.Exercise.ResultsFileVariable, EnvironmentVariables.ExercisesFile);

    [Fact]
    public void The_cache_variable_is_the_librarys() =>
        Assert.Equal(global::MultiModal.CacheFolder.Variable, EnvironmentVariables.Cache);
}
