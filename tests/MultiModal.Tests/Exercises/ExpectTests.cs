using MultiModal.Exercises;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Exercises;

/// <summary>The check API says what is wrong in words a student can act on, and never crashes the caller.</summary>
public class ExpectTests
{
    [Fact]
    public void Shape_mismatch_names_both_shapes()
    {
        var e = Assert.Throws<CheckFailedException>(() => Expect.Shape(zeros(8, 8, 8), [8, 64], "attention weights"));
        Assert.Equal("expected attention weights of shape [8, 64], got [8, 8, 8].", e.Message);
    }

    [Fact]
    public void Weights_that_do_not_sum_to_one_report_the_deviation()
    {
        var w = tensor(new float[,] { { 0.5f, 0.5f }, { 0.9f, 0.41f } });
        var e = Assert.Throws<CheckFailedException>(() => Expect.SumsToOne(w, 1, "weights"));
        Assert.Contains("do not sum to 1 over dim 1: max deviation 0.31", e.Message);
        Expect.SumsToOne(tensor(new float[,] { { 0.25f, 0.75f } }), 1, "weights"); // passes silently
        var nan = Assert.Throws<CheckFailedException>(() => Expect.SumsToOne(tensor(new[] { float.NaN, 0.5f }).unsqueeze(0), 1, "weights"));
        Assert.Contains("NaN", nan.Message); // NaN compares false with everything: it must not pass by accident
    }

    [Fact]
    public void Close_names_the_worst_element()
    {
        var a = tensor(new[] { 1.0, 2.0, 3.0 });
        var b = tensor(new[] { 1.0, 2.5, 3.0 });
        var e = Assert.Throws<CheckFailedException>(() => Expect.Close(a, b, "x"));
        Assert.Contains("at index [1] expected 2.5, got 2", e.Message);
        var nan = Assert.Throws<CheckFailedException>(() => Expect.Close(tensor(new[] { double.NaN }), tensor(new[] { 0.0 }), "y"));
        Assert.Contains("NaN", nan.Message);
    }

    [Fact]
    public void SameAsReference_catches_a_wrong_gradient_that_values_alone_miss()
    {
        // Same values as x*x, but the gradient is cut: a classic mistake (detach) a value check cannot see.
        Tensor Student(Tensor x) => x * x.detach();
        var e = Assert.Throws<CheckFailedException>(() =>
            Expect.SameAsReference(Student, x => x * x, i => randn(5, dtype: float64), "square", checkGradient: true));
        Assert.Contains("gradient of square", e.Message);
    }

    [Fact]
    public void Check_turns_stub_failure_and_crash_into_results_without_throwing()
    {
        Assert.Equal(CheckStatus.NotDone, Exercise.Check("9.1", () => throw Exercise.NotDone("9.1")).Status);
        var failed = Exercise.Check("9.2", () => Expect.Equal(3, 4, "the answer"));
        Assert.Equal(CheckStatus.Failed, failed.Status);
        Assert.Equal("expected the answer to be 4, got 3.", failed.Message);
        var crashed = Exercise.Check("9.3", () => { var a = new int[1]; a[a.Length] = 2; });
        Assert.Equal(CheckStatus.Failed, crashed.Status);
        Assert.Contains("IndexOutOfRangeException", crashed.Message);
        Assert.Equal(CheckStatus.Passed, Exercise.Check("9.4", () => Expect.True(true, "")).Status);
    }
}
