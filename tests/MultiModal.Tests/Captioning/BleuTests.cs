using MultiModal.Metrics;
using Xunit;
using MultiModal.World;

namespace MultiModal.Tests.Captioning;

/// <summary>
/// Expected values are published ones: the doctests of NLTK's <c>nltk/translate/bleu_score.py</c>
/// (<c>corpus_bleu</c>, <c>sentence_bleu</c>, <c>modified_precision</c>, <c>brevity_penalty</c>), which use the
/// examples of Papineni et al. (2002). NLTK and coco-caption agree whenever every n-gram order has a match; the coco
/// guard constants (1e-15, 1e-9) change them by less than 1e-9. The zero-match case is hand-computed from
/// coco-caption's <c>bleu_scorer.py</c> formula.
/// </summary>
public class BleuTests
{
    private static string[] W(string s) => s.Split(' ');

    private static readonly string[] Hyp1 = W("It is a guide to action which ensures that the military always obeys the commands of the party");
    private static readonly string[] Hyp2 = W("It is to insure the troops forever hearing the activity guidebook that party direct");
    private static readonly string[] Ref1a = W("It is a guide to action that ensures that the military will forever heed Party commands");
    private static readonly string[] Ref1b = W("It is the guiding principle which guarantees the military forces always being under the command of the Party");
    private static readonly string[] Ref1c = W("It is the practical guide for the army always to heed the directions of the party");
    private static readonly string[] HypB = W("he read the book because he was interested in world history");
    private static readonly string[] RefB = W("he was interested in world history because he read the book");

    [Fact]
    public void Corpus_bleu_matches_nltk_doctest()
    {
        // nltk corpus_bleu([[ref1a, ref1b, ref1c], [ref2a]], [hyp1, hyp2]) → 0.5920778868801042
        var score = Bleu.Corpus<string>([Hyp1, HypB], [[Ref1a, Ref1b, Ref1c], [RefB]]);
        Assert.Equal(0.5920778868801042, score.Bleu4, 8);
        Assert.Equal((29L, 29L), (score.HypothesisLength, score.ReferenceLength));
        Assert.Equal(1.0, score.BrevityPenalty, 9);   // coco's guards make c = r give 1 − 3e-11, not exactly 1
    }

    [Fact]
    public void Sentence_bleu_matches_nltk_doctest_and_corpus_is_not_the_mean_of_sentences()
    {
        // nltk sentence_bleu([reference1, reference2, reference3], hypothesis1) → 0.5045666840058485
        var s1 = Bleu.Sentence<string>(Hyp1, [Ref1a, Ref1b, Ref1c]);
        Assert.Equal(0.5045666840058485, s1.Bleu4, 8);
        // nltk: (score1 + score2) / 2 → 0.6223…, which differs from the corpus score 0.5920…
        var s2 = Bleu.Sentence<string>(HypB, [RefB]);
        Assert.Equal(0.6223, (s1.Bleu4 + s2.Bleu4) / 2, 4);
    }

    [Fact]
    public void Clipped_precision_matches_the_papers_examples()
    {
        // Papineni et al. §2.1 / nltk modified_precision: "the the the the the the the" → 2/7 = 0.2857…
        Assert.Equal(2.0 / 7, Bleu.ClippedPrecision<string>(W("the the the the the the the"), [W("the cat is on the mat"), W("there is a cat on the mat")], 1), 12);
        Assert.Equal((2, 7), Bleu.ClippedMatches<string>(W("the the the the the the the"), [W("the cat is on the mat"), W("there is a cat on the mat")], 1));
        string[][] refs = [Ref1a, Ref1b, Ref1c];
        Assert.Equal(0.9444, Bleu.ClippedPrecision<string>(Hyp1, refs, 1), 4);            // nltk: 0.9444…
        Assert.Equal(0.5714, Bleu.ClippedPrecision<string>(Hyp2, refs, 1), 4);            // nltk: 0.5714…
        Assert.Equal(0.5882352941176471, Bleu.ClippedPrecision<string>(Hyp1, refs, 2), 12); // nltk: 0.5882352941176471
        Assert.Equal(0.07692, Bleu.ClippedPrecision<string>(Hyp2, refs, 2), 5);           // nltk: 0.07692…
        Assert.Equal(1.0, Bleu.ClippedPrecision<string>(W("of the"), refs, 2));          // nltk: 1.0
    }

    [Fact]
    public void Brevity_penalty_uses_the_closest_reference_length_and_prefers_the_shorter_on_ties()
    {
        // nltk brevity_penalty doctests
        string[][] longRefs = [new string[28], new string[28]];
        Assert.Equal(28, Bleu.ClosestReferenceLength(12, longRefs));
        Assert.Equal(0.2635971381157267, Bleu.BrevityPenalty(12, 28), 9);
        Assert.Equal(13, Bleu.ClosestReferenceLength<string>(12, [new string[13], new string[2]]));
        Assert.Equal(0.9200, Bleu.BrevityPenalty(12, 13), 4);
        Assert.Equal(11, Bleu.ClosestReferenceLength<string>(12, [new string[13], new string[11]]));
        Assert.Equal(1.0, Bleu.BrevityPenalty(12, 11));
    }

    [Fact]
    public void Zero_four_gram_matches_follow_the_coco_caption_guards()
    {
        // hyp "a b c d" vs ref "a b c e": p1 = 3/4, p2 = 2/3, p3 = 1/2, p4 = 0/1. coco-caption's bleu_scorer multiplies
        // (correct + 1e-15)/(guess + 1e-9), so BLEU-4 = (3/4 · 2/3 · 1/2 · 1e-15)^(1/4) ≈ 1.2574e-4 (NLTK would say 0).
        var s = Bleu.Sentence<string>(W("a b c d"), [W("a b c e")]);
        Assert.Equal(Math.Pow(0.75 * (2.0 / 3) * 0.5 * 1e-15, 0.25), s.Bleu4, 9);
        Assert.Equal(Math.Pow(0.75 * (2.0 / 3) * 0.5, 1.0 / 3), s.Bleu3, 8);
        Assert.Equal(0.75, s.Bleu1, 8);
    }

    [Fact]
    public void Works_on_token_ids_and_rejects_bad_input()
    {
        var ids = Bleu.Corpus<int>([new[] { 5, 6, 7, 8 }], [[new[] { 5, 6, 7, 8 }]]);
        Assert.Equal(1.0, ids.Bleu4, 8);
        Assert.Throws<ArgumentException>(() => Bleu.Corpus<int>([new[] { 1 }], []));
        Assert.Throws<ArgumentException>(() => Bleu.Corpus<int>([new[] { 1 }], [[]]));
        Assert.Throws<ArgumentException>(() => Bleu.Corpus<int>([], []));
    }
}
