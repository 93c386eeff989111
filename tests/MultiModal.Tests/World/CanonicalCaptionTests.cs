using MultiModal.World;
using Xunit;
using MultiModal.Metrics;

namespace MultiModal.Tests.World;

public class CanonicalCaptionTests
{
    private static readonly SyntheticWorld Canonical = new(seed: 7, new WorldConfig { Scenes = new SceneConfig { CaptionStyle = CaptionStyle.Canonical } });
    private static readonly SyntheticWorld Varied = new(seed: 7);

    [Fact]
    public void Canonical_captions_are_true_distinct_and_use_full_noun_phrases()
    {
        var margin = Canonical.Config.Scenes.RelationMargin;
        foreach (var split in Splits.All)
            foreach (var s in Canonical.Samples(split, 0, 100))
            {
                Assert.Equal(5, s.Captions.Count);
                Assert.Equal(s.Captions.Count, s.Captions.Distinct().Count());
                foreach (var c in s.Captions)
                    Assert.True(CaptionChecker.Check(c, s.Scene, margin) is null, $"'{c}' is false of {s.Scene}: {CaptionChecker.Check(c, s.Scene, margin)}");
                // Every noun phrase "a/an …" is full: article, size, colour, shape.
                var w = s.Captions[0].Split(' ');
                for (var i = 0; i < w.Length; i++)
                    if (w[i] is "a" or "an")
                    {
                        Assert.True(Enum.TryParse<ObjectSize>(w[i + 1], true, out _), $"no size after '{w[i]}' in '{s.Captions[0]}'");
                        Assert.True(Enum.TryParse<ObjectColor>(w[i + 2], true, out _), $"no colour in '{s.Captions[0]}'");
                        Assert.True(Enum.TryParse<ObjectShape>(w[i + 3], true, out _), $"no shape in '{s.Captions[0]}'");
                    }
            }
    }

    [Fact]
    public void The_first_canonical_caption_relates_the_two_objects_furthest_apart()
    {
        static string Np(SceneObject o) => $"a {Attributes.Word(o.Size)} {Attributes.Word(o.Color)} {Attributes.Word(o.Shape)}";
        var horizontal = 0;
        foreach (var s in Canonical.Samples(Split.Train, 0, 200).Where(s => s.Scene.Objects.Count >= 2))
        {
            // Recomputed here from the object list, not with the grammar's code.
            var byX = s.Scene.Objects.OrderBy(o => o.X).ThenBy(o => o.Index).ToArray();   // ties: lower index first
            var byY = s.Scene.Objects.OrderBy(o => o.Y).ThenBy(o => o.Index).ToArray();
            var (left, right, top, bottom) = (byX[0], byX[^1], byY[0], byY[^1]);
            if (right.X - left.X >= 4)
            {
                Assert.Equal($"{Np(left)} is left of {Np(right)}", s.Captions[0]);
                Assert.Equal($"{Np(right)} is right of {Np(left)}", s.Captions[1]);
                horizontal++;
            }
            else
            {
                Assert.Equal($"{Np(top)} is above {Np(bottom)}", s.Captions[0]);
            }
        }
        Assert.True(horizontal > 100, $"only {horizontal} horizontal pairs");
    }

    [Fact]
    public void Canonical_references_agree_much_more_than_varied_ones()
    {
        // BLEU-4 of one reference against the other four (the "human" ceiling of notebook 04).
        static double LeaveOneOut(SyntheticWorld world)
        {
            var samples = world.Samples(Split.Test, 0, 150).ToArray();
            var hyps = samples.Select(s => Vocabulary.Tokenize(s.Captions[0]).ToArray()).ToArray();
            var refs = samples.Select(s => (IReadOnlyList<IReadOnlyList<string>>)s.Captions.Skip(1).Select(c => (IReadOnlyList<string>)Vocabulary.Tokenize(c).ToArray()).ToArray()).ToArray();
            return MultiModal.Metrics.Bleu.Corpus<string>(hyps, refs).Bleu4;
        }
        var canonical = LeaveOneOut(Canonical);
        var varied = LeaveOneOut(Varied);
        Assert.True(canonical > 0.6 && varied < 0.4, $"canonical {canonical:F3}, varied {varied:F3}");
    }

    [Fact]
    public void Caption_style_changes_captions_but_not_scenes_and_is_validated()
    {
        for (var i = 0; i < 10; i++)
        {
            var a = Canonical.Sample(Split.Train, i);
            var b = Varied.Sample(Split.Train, i);
            Assert.Equal(a.Frame.Pixels, b.Frame.Pixels);
        }
        var e = Assert.Throws<ArgumentException>(() => new SceneConfig { CaptionStyle = (CaptionStyle)7 }.Validate());
        Assert.Contains("CaptionStyle", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaptionGrammar(style: (CaptionStyle)7));
    }
}
