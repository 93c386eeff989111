using MultiModal.Metrics;
using Xunit;

namespace MultiModal.Tests.Answering;

/// <summary>The official VQA accuracy against the values its definition gives by hand and the official normalisation's examples.</summary>
public class VqaAccuracyTests
{
    private static string[] Humans(int matching, string answer = "2", string other = "3") =>
        [.. Enumerable.Repeat(answer, matching), .. Enumerable.Repeat(other, VqaAccuracy.HumansPerQuestion - matching)];

    // Leave-one-out over ten humans: with k matching, k subsets see k − 1 matches and 10 − k see k, so
    // Acc = [k·min((k−1)/3, 1) + (10−k)·min(k/3, 1)] / 10 = 0, 0.3, 0.6, 0.9, 1.0, 1.0 for k = 0 … 5 (the published values).
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.6)]
    [InlineData(3, 0.9)]
    [InlineData(4, 1.0)]
    [InlineData(10, 1.0)]
    public void Matching_humans_are_worth_the_published_leave_one_out_values(int matching, double expected) =>
        Assert.Equal(expected, VqaAccuracy.Score("2", Humans(matching)), 12);

    [Fact]
    public void Answers_are_compared_after_the_official_normalisation()
    {
        Assert.Equal("2", VqaAccuracy.Normalize("Two"));
        Assert.Equal("2 dogs", VqaAccuracy.Normalize("two dogs."));
        Assert.Equal("red", VqaAccuracy.Normalize("The red!"));
        Assert.Equal("don't know", VqaAccuracy.Normalize("dont know"));
        Assert.Equal("3.5", VqaAccuracy.Normalize("3.5"));                         // a period inside a number stays
        Assert.Equal("1000", VqaAccuracy.Normalize("1,000"));                      // a comma between digits is removed
        Assert.Equal("black white", VqaAccuracy.Normalize("black/white"));         // punctuation inside a word becomes a space
        Assert.Equal("yes", VqaAccuracy.Normalize("  yes\n"));
        // "two" matches humans who wrote "2", and three of them are enough for full credit
        Assert.Equal(0.9, VqaAccuracy.Score("two", ["2", "2", "2", "3", "3", "3", "3", "3", "3", "3"]), 12);
        Assert.Equal(1.0, VqaAccuracy.Score("a circle", ["circle", "Circle", "the circle", "circle.", "square", "square", "square", "square", "square", "square"]), 12);
    }

    [Fact]
    public void The_mean_averages_questions_and_bad_input_says_what_is_wrong()
    {
        Assert.Equal((0.3 + 1.0) / 2, VqaAccuracy.Mean(["2", "3"], [Humans(1), Humans(6, "3", "4")]), 12);
        var few = Assert.Throws<ArgumentException>(() => VqaAccuracy.Score("2", ["2", "2"]));
        Assert.Contains("10 human answers", few.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => VqaAccuracy.Mean(["2"], [Humans(1), Humans(2)]));
        Assert.Contains("one predicted answer per question", mismatch.Message);
        Assert.Throws<ArgumentException>(() => VqaAccuracy.Mean([], []));
    }
}
