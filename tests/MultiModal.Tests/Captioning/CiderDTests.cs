using MultiModal.Metrics;
using Xunit;
using MultiModal.World;

namespace MultiModal.Tests.Captioning;

public class CiderDTests
{
    private static string[] W(string s) => s.Split(' ');

    [Fact]
    public void Matches_the_coco_caption_scorer_on_a_small_corpus()
    {
        // Expected numbers: coco-caption's CIDEr-D scorer (tylin/coco-caption, pycocoevalcap/cider/cider_scorer.py),
        // run on this corpus with only its Python 2 idioms (xrange, iteritems, numpy) changed to Python 3.
        string[][] candidates =
        [
            W("a red circle left of a blue square"),
            W("a green triangle above a red circle"),
            W("a blue square below a green circle"),
            W("two red squares next to each other"),
        ];
        string[][][] references =
        [
            [W("a red circle left of a blue square"), W("a red circle is left of a blue square"), W("the blue square is right of a red circle")],
            [W("a green triangle above a yellow square"), W("a green triangle is above a yellow square")],
            [W("a yellow circle right of a green triangle"), W("a green triangle left of a yellow circle")],
            [W("two red squares side by side"), W("a pair of red squares")],
        ];
        var scores = CiderD.Scores<string>(candidates, references);
        Assert.Equal(6.652298736753729, scores[0], 10);
        Assert.Equal(4.321886974605543, scores[1], 10);
        Assert.Equal(0.8029549935766569, scores[2], 10);
        Assert.Equal(1.7696424223793388, scores[3], 10);
        Assert.Equal(3.3866957818288173, CiderD.Corpus<string>(candidates, references), 10);
    }

    [Fact]
    public void A_caption_equal_to_its_only_reference_scores_ten_when_its_ngrams_are_unique_to_its_image()
    {
        // Hand-computed: every n-gram of image 0 occurs in 1 of 2 images, so all weights are tf·log 2; the clipped
        // cosine of identical vectors is 1 for every n, the length penalty is exp(0) = 1, and the score is 10 · 1.
        var scores = CiderD.Scores<string>([W("red circle on top"), W("blue square at bottom")],
                                           [[W("red circle on top")], [W("green square at bottom")]]);
        Assert.Equal(10.0, scores[0], 12);
        // Image 1: "blue square at bottom" vs "green square at bottom". Every n-gram weighs tf·log 2 (df ≤ 1), so the
        // clipped cosines are the shared fractions 3/4, 2/3, 1/2, 0/1 for n = 1 … 4; equal lengths → no penalty:
        // 10 · (3/4 + 2/3 + 1/2 + 0) / 4 = 4.791666…
        Assert.Equal(10 * (0.75 + 2.0 / 3 + 0.5 + 0) / 4, scores[1], 12);
    }

    [Fact]
    public void A_longer_caption_is_penalised_by_length()
    {
        string[][][] refs = [[W("red circle on top")], [W("blue square at bottom")]];
        var same = CiderD.Scores<string>([W("red circle on top"), W("blue square at bottom")], refs)[0];
        var longer = CiderD.Scores<string>([W("red circle on top red circle on top"), W("blue square at bottom")], refs)[0];
        Assert.True(longer < same, $"repeating the caption should not pay: {longer} vs {same}");
    }
}
