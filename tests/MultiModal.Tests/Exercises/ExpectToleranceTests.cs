using MultiModal.Exercises;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Exercises;

/// <summary>
/// Every expectation given an answer just inside and just outside its tolerance (the documented rule, e.g.
/// |a − e| ≤ atol + rtol·|e| as <c>torch.allclose</c> defines it), so a check that grades too strictly or too
/// leniently fails here; and the coordinates a failure names.
/// </summary>
public class ExpectToleranceTests
{
    [Fact]
    public void Scalar_close_accepts_the_tolerance_and_refuses_just_beyond_it()
    {
        Expect.Close(1.0 + 0.099, 1.0, 0.1, "x");
        Expect.Close(1.0 - 0.099, 1.0, 0.1, "x");
        var above = Assert.Throws<CheckFailedException>(() => Expect.Close(1.101, 1.0, 0.1, "x"));
        Assert.Equal("expected x ≈ 1 (± 0.1), got 1.101.", above.Message);
        Assert.Throws<CheckFailedException>(() => Expect.Close(0.899, 1.0, 0.1, "x"));
        Assert.Throws<CheckFailedException>(() => Expect.Close(double.NaN, 1.0, 0.1, "x"));
    }

    [Fact]
    public void Tensor_close_uses_absolute_plus_relative_tolerance()
    {
        using var scope = NewDisposeScope();
        var e = tensor(new[] { 100.0, 0.0 });
        // allowed at 100: 1e-5 + 1e-4·100 = 0.01001; at 0: 1e-5
        Expect.Close(tensor(new[] { 100.0 + 0.0099, 0.0 }), e, "x");
        Expect.Close(tensor(new[] { 100.0, 0.9e-5 }), e, "x");
        Assert.Throws<CheckFailedException>(() => Expect.Close(tensor(new[] { 100.0 + 0.0102, 0.0 }), e, "x"));
        var atZero = Assert.Throws<CheckFailedException>(() => Expect.Close(tensor(new[] { 100.0, 1.2e-5 }), e, "x"));
        Assert.Contains("at index [1]", atZero.Message);
        Expect.Close(tensor(new[] { 100.5, 0.0 }), e, "x", atol: 0, rtol: 0.006);    // caller's tolerances take effect
        Assert.Throws<CheckFailedException>(() => Expect.Close(tensor(new[] { 100.7, 0.0 }), e, "x", atol: 0, rtol: 0.006));
        Assert.Throws<CheckFailedException>(() => Expect.Close(tensor(new[] { 100.0, 0.0, 0.0 }), e, "x"));  // shape checked first
    }

    [Fact]
    public void The_worst_element_is_named_by_its_coordinates_in_every_dimension()
    {
        using var scope = NewDisposeScope();
        var expected = zeros(2, 3, 4, float64);
        var actual = expected.clone();
        actual[1, 2, 3] = tensor(0.5);                                     // flat index 23
        actual[0, 1, 1] = tensor(0.1);                                     // smaller: not the worst
        var e = Assert.Throws<CheckFailedException>(() => Expect.Close(actual, expected, "y"));
        Assert.Contains("at index [1, 2, 3] expected 0, got 0.5", e.Message);
        Assert.Contains("max abs difference 0.5", e.Message);
        var wide = zeros(3, 7, float64);
        var off = wide.clone();
        off[2, 5] = tensor(-1.0);
        Assert.Contains("at index [2, 5]", Assert.Throws<CheckFailedException>(() => Expect.Close(off, wide, "z")).Message);
    }

    [Fact]
    public void Sums_to_one_has_a_tolerance_on_both_the_sum_and_negative_entries_and_respects_the_dimension()
    {
        using var scope = NewDisposeScope();
        Expect.SumsToOne(tensor(new[,] { { 0.5, 0.5 + 0.9e-4 } }), 1, "w");
        Assert.Throws<CheckFailedException>(() => Expect.SumsToOne(tensor(new[,] { { 0.5, 0.5 + 1.2e-4 } }), 1, "w"));
        Expect.SumsToOne(tensor(new[,] { { -0.5e-4, 1.0 + 0.5e-4 } }), 1, "w");
        var negative = Assert.Throws<CheckFailedException>(() => Expect.SumsToOne(tensor(new[,] { { -0.25, 1.25 } }), 1, "w"));
        Assert.Equal("w has negative entries (min -0.25); weights must be ≥ 0.", negative.Message);
        var columns = tensor(new[,] { { 0.2, 0.7 }, { 0.8, 0.3 } });          // columns sum to 1, rows do not
        Expect.SumsToOne(columns, 0, "w");
        var rows = Assert.Throws<CheckFailedException>(() => Expect.SumsToOne(columns, 1, "w"));
        Assert.Contains("over dim 1: max deviation 0.1", rows.Message);
        Expect.SumsToOne(tensor(new[,] { { 0.5, 0.6 } }), 1, "w", tolerance: 0.2);   // the caller's tolerance takes effect
    }

    [Fact]
    public void Same_as_reference_runs_every_trial_and_names_the_one_that_failed()
    {
        var calls = 0;
        Tensor Student(Tensor x) { calls++; return calls == 4 ? x + 1 : x.clone(); }   // wrong only on the fourth input
        var e = Assert.Throws<CheckFailedException>(() =>
            Expect.SameAsReference(Student, x => x.clone(), i => ones(2, 3, dtype: float64) * i, "identity"));
        Assert.StartsWith("on random input #4 of shape [2, 3]: identity differs", e.Message);
        calls = 0;
        Expect.SameAsReference(Student, x => x.clone(), i => ones(2, dtype: float64), "identity", trials: 3);
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Same_as_reference_grades_gradients_with_ten_times_the_value_tolerance()
    {
        // d/dx of the student's output is 2 + ε against the reference's 2; the gradient's tolerance is
        // atol·10 + rtol·10·2 = 1e-4 + 2e-3 = 2.1e-3 (ten times the values' 2.1e-4): ε = 2e-3 passes, 2.3e-3 fails.
        static Func<Tensor, Tensor> Slope(double epsilon) => x => x * x + (x - x.detach()) * epsilon;
        Tensor Reference(Tensor x) => x * x;
        Tensor Input(int i) => ones(3, dtype: float64);
        Expect.SameAsReference(Slope(2e-3), Reference, Input, "square", checkGradient: true);
        var e = Assert.Throws<CheckFailedException>(() => Expect.SameAsReference(Slope(2.3e-3), Reference, Input, "square", checkGradient: true));
        Assert.Contains("the gradient of square", e.Message);
        var none = Assert.Throws<CheckFailedException>(() =>
            Expect.SameAsReference(x => x.detach() * 2, x => x * 2, Input, "double", checkGradient: true));
        Assert.Contains("no gradient can reach it", none.Message);           // a CheckFailed, not libtorch's "does not require grad"
    }

    [Fact]
    public void Null_tensors_are_argument_errors_not_failed_checks()
    {
        Assert.Throws<ArgumentNullException>(() => Expect.Shape(null!, [1], "x"));
        Assert.Throws<ArgumentNullException>(() => Expect.Close(null!, zeros(1), "x"));
        Assert.Throws<ArgumentNullException>(() => Expect.Close(zeros(1), null!, "x"));
    }

    [Fact]
    public void A_check_result_shows_its_verdict_in_words_and_colour()
    {
        var passed = new CheckResult("1.2", CheckStatus.Passed, "ok");
        var failed = new CheckResult("1.2", CheckStatus.Failed, "a < b");
        var notDone = new CheckResult("1.2", CheckStatus.NotDone, "stub");
        Assert.Equal("Exercise 1.2: passed. ok", passed.ToString());
        Assert.Equal("Exercise 1.2: FAILED. a < b", failed.ToString());
        Assert.Equal("Exercise 1.2: not done yet. stub", notDone.ToString());
        Assert.Contains("color:#1a7f37", passed.ToHtml());
        Assert.Contains("✔ passed", passed.ToHtml());
        Assert.Contains("color:#cf222e", failed.ToHtml());
        Assert.Contains("a &lt; b", failed.ToHtml());                       // the message is HTML-encoded
        Assert.Contains("… not done yet", notDone.ToHtml());
        Assert.Contains("color:#9a6700", notDone.ToHtml());
    }

    [Fact]
    public void Check_messages_and_unwrapped_exceptions()
    {
        Assert.Equal("all checks passed.", Exercise.Check("9.5", () => { }).Message);
        Assert.Equal("three of three", Exercise.Check("9.5", () => { }, "three of three").Message);
        var notDone = Exercise.Check("9.6", () => throw new AggregateException(Exercise.NotDone("9.6")));
        Assert.Equal(CheckStatus.NotDone, notDone.Status);
        Assert.Equal("replace the stub with your code, then run this cell again.", notDone.Message);
        var inner = Exercise.Check("9.7", () => throw new System.Reflection.TargetInvocationException(new CheckFailedException("inner words")));
        Assert.Equal(CheckStatus.Failed, inner.Status);
        Assert.Equal("inner words", inner.Message);
        var crash = Exercise.Check("9.8", () => throw new InvalidOperationException("boom"));
        Assert.Equal("your code threw InvalidOperationException: boom", crash.Message);
        Assert.Throws<ArgumentException>(() => Exercise.Check(" ", () => { }));
        Assert.Throws<ArgumentNullException>(() => Exercise.Check("9.9", null!));
    }
}
