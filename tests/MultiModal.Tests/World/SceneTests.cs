using MultiModal.World;
using Xunit;

namespace MultiModal.Tests.World;

public class SceneTests
{
    private static readonly SyntheticWorld World = new(seed: 7);

    [Fact]
    public void Same_seed_gives_byte_identical_samples_and_different_seeds_differ()
    {
        var a = new SyntheticWorld(seed: 3);
        var b = new SyntheticWorld(seed: 3);
        var c = new SyntheticWorld(seed: 4);
        var differing = 0;
        for (var i = 0; i < 20; i++)
        {
            var sa = a.Sample(Split.Train, i);
            var sb = b.Sample(Split.Train, i);
            Assert.Equal(sa.Frame.Pixels, sb.Frame.Pixels);
            Assert.Equal(sa.Frame.Instances, sb.Frame.Instances);
            Assert.Equal(sa.Captions, sb.Captions);
            Assert.Equal(sa.Questions, sb.Questions);
            Assert.Equal(a.Clip(Split.Train, i).Audio, b.Clip(Split.Train, i).Audio);
            if (!sa.Frame.Pixels.AsSpan().SequenceEqual(c.Sample(Split.Train, i).Frame.Pixels)) differing++;
        }
        Assert.True(differing >= 19, $"only {differing} of 20 scenes differ between seeds 3 and 4");
        // Random access: scene 15 is the same whether or not 0..14 were generated first.
        Assert.Equal(a.Scenes.Generate(Split.Train, 15), new SyntheticWorld(seed: 3).Scenes.Generate(Split.Train, 15));
        // Splits are different streams.
        Assert.NotEqual(a.Sample(Split.Train, 0).Frame.Pixels, a.Sample(Split.Test, 0).Frame.Pixels);
    }

    [Fact]
    public void Masks_agree_with_rendered_pixels_and_boxes()
    {
        var objectColors = Attributes.Colors.Select(Attributes.Rgb).ToHashSet();
        foreach (var scene in World.Scenes.Stream(Split.Train, 0, 300))
        {
            var r = SceneRenderer.Render(scene);
            var size = scene.ImageSize;
            Assert.Equal(size * size * 3, r.Pixels.Length);
            for (var i = 0; i < size * size; i++)
            {
                var rgb = (r.Pixels[3 * i], r.Pixels[3 * i + 1], r.Pixels[3 * i + 2]);
                var id = r.Instances[i];
                if (id == 0) Assert.DoesNotContain(rgb, objectColors);  // background never looks like an object
                else Assert.Equal(Attributes.Rgb(scene.Objects[id - 1].Color), rgb);
            }
            foreach (var o in scene.Objects)
            {
                var mask = r.Mask(o.Index);
                var xs = Enumerable.Range(0, size * size).Where(i => mask[i]).Select(i => i % size).ToList();
                var ys = Enumerable.Range(0, size * size).Where(i => mask[i]).Select(i => i / size).ToList();
                Assert.NotEmpty(xs);
                Assert.Equal(new BoundingBox(xs.Min(), ys.Min(), xs.Max(), ys.Max()), o.Box);
                // The mask's area matches the shape's analytic area (pixel-centre sampling: within 15% + 4 px).
                var r2 = (double)o.Radius * o.Radius;
                var expected = o.Shape switch
                {
                    ObjectShape.Circle => Math.PI * r2,
                    ObjectShape.Square => 1.7 * 1.7 * r2,
                    ObjectShape.Diamond => 2 * 1.15 * 1.15 * r2,
                    ObjectShape.Cross => 2 * (0.72 * 2) * r2 - 0.72 * 0.72 * r2,
                    ObjectShape.Triangle => 0.5 * 1.9 * 1.8 * r2,
                    _ => throw new InvalidOperationException(),
                };
                Assert.InRange(xs.Count, expected * 0.85 - 4, expected * 1.15 + 4);
                // The mask sits on the object's centre horizontally (all shapes are left-right symmetric).
                Assert.InRange(xs.Average(x => x + 0.5), o.X - 0.6, o.X + 0.6);
                // Inside the image and away from the others.
                Assert.True(o.Box.X0 >= 0 && o.Box.Y0 >= 0 && o.Box.X1 < size && o.Box.Y1 < size);
            }
        }
    }

    [Fact]
    public void Masks_tensor_and_instance_map_describe_the_same_pixels()
    {
        var r = World.Sample(Split.Val, 3).Frame;
        using var masks = r.MasksTensor();
        Assert.Equal(new long[] { r.Scene.Objects.Count, r.Size, r.Size }, masks.shape);
        for (var k = 0; k < r.Scene.Objects.Count; k++)
            Assert.Equal(r.Mask(k).Count(b => b), (int)masks[k].sum().item<float>());
        // Masks are disjoint.
        Assert.True(masks.sum(0L).max().item<float>() <= 1f);
    }

    [Fact]
    public void Every_caption_is_true_of_its_scene_by_an_independent_checker()
    {
        var margin = World.Config.Scenes.RelationMargin;
        var kinds = new HashSet<string>();
        foreach (var split in Splits.All)
            foreach (var s in World.Samples(split, 0, 150))
            {
                Assert.Equal(World.Config.Scenes.CaptionsPerScene, s.Captions.Count);
                Assert.Equal(s.Captions.Count, s.Captions.Distinct().Count());
                foreach (var c in s.Captions)
                {
                    Assert.True(CaptionChecker.Check(c, s.Scene, margin) is null, $"'{c}' is false of {s.Scene}: {CaptionChecker.Check(c, s.Scene, margin)}");
                    kinds.Add(c.StartsWith("there are no") ? "absent" : c.StartsWith("there") ? "count" : c.Contains(" of ") || c.Contains("above") || c.Contains("below") ? "relation" : "list");
                }
            }
        Assert.Equal(4, kinds.Count);   // real variation: lists, relations, counts, absences
    }

    [Fact]
    public void The_caption_checker_rejects_false_captions()
    {
        // Guard against a checker that accepts everything: alter true captions and expect rejections.
        var s = World.Sample(Split.Train, 11).Scene;
        var absent = Attributes.Colors.First(c => s.Objects.All(o => o.Color != c));
        var margin = World.Config.Scenes.RelationMargin;
        Assert.NotNull(CaptionChecker.Check($"a {Attributes.Word(absent)} object", s, margin));
        Assert.NotNull(CaptionChecker.Check($"there are eight objects", s, margin));
        Assert.NotNull(CaptionChecker.Check("an red circle", s, margin));
        var o = s.Objects[0];
        var wrongPlace = Attributes.Places.First(p => p != s.Place);
        Assert.NotNull(CaptionChecker.Check($"a {Attributes.Word(o.Color)} object on the {Attributes.Word(wrongPlace)}", s, margin));
        var rejected = 0;
        foreach (var sample in World.Samples(Split.Train, 0, 50))
            foreach (var c in sample.Captions.Where(c => c.Contains(" left of ")))
                if (CaptionChecker.Check(c.Replace(" left of ", " right of "), sample.Scene, margin) is not null) rejected++;
        Assert.True(rejected > 0, "swapping left/right never made a caption false");
    }

    [Fact]
    public void Every_answer_is_recomputed_from_ground_truth()
    {
        var margin = World.Config.Scenes.RelationMargin;
        var types = new Dictionary<QuestionType, int>();
        foreach (var split in Splits.All)
            foreach (var s in World.Samples(split, 0, 200))
                foreach (var qa in s.Questions)
                {
                    Assert.Equal(QuestionAnswerer.Answer(qa.Question, s.Scene, margin), qa.Answer);
                    Assert.Contains(qa.Answer, QuestionGenerator.Answers);
                    types[qa.Type] = types.GetValueOrDefault(qa.Type) + 1;
                }
        Assert.Equal(Enum.GetValues<QuestionType>().Length, types.Count);
        var relational = types.Where(t => new QuestionAnswer("", "", t.Key, 0).IsRelational).Sum(t => t.Value);
        Assert.InRange(relational / (double)types.Values.Sum(), 0.3, 0.6);
    }

    [Fact]
    public void Tags_are_the_shapes_colours_and_place_present()
    {
        foreach (var s in World.Samples(Split.Train, 0, 50))
        {
            var expected = s.Scene.Objects.SelectMany(o => new[] { o.Shape.ToString().ToLowerInvariant(), o.Color.ToString().ToLowerInvariant() })
                .Append(s.Scene.Place == Place.Plain ? null : s.Scene.Place.ToString().ToLowerInvariant()).OfType<string>().ToHashSet();
            Assert.Equal(expected.OrderBy(x => x), s.Tags.OrderBy(x => x));
            Assert.Equal(expected.Count, (int)Tags.MultiHot(s.Scene).Sum());
        }
    }

    [Fact]
    public void Held_out_pairs_never_occur_in_training_and_always_in_the_held_out_split()
    {
        var held = new[] { ("red", "square"), ("blue", "triangle") };
        foreach (var split in new[] { Split.Train, Split.Val, Split.Test })
            foreach (var s in World.Samples(split, 0, 600))
            {
                foreach (var o in s.Scene.Objects)
                    Assert.DoesNotContain((o.Color.ToString().ToLowerInvariant(), o.Shape.ToString().ToLowerInvariant()), held);
                foreach (var c in s.Captions.Concat(s.Questions.Select(q => q.Question)))
                    foreach (var (color, shape) in held)
                        Assert.DoesNotContain($"{color} {shape}", c);
            }
        var seen = new HashSet<(string, string)>();
        foreach (var s in World.Samples(Split.HeldOut, 0, 100))
        {
            var pairs = s.Scene.Objects.Select(o => (o.Color.ToString().ToLowerInvariant(), o.Shape.ToString().ToLowerInvariant())).ToList();
            Assert.Contains(pairs, p => held.Contains(p));
            seen.UnionWith(pairs.Where(held.Contains));
        }
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void Classes_are_balanced_within_stated_bounds()
    {
        // Stated bounds over 3000 training scenes: each shape and each place within ±15% of uniform; each colour
        // within ±25% (the held-out pairs are re-drawn, which shifts red and blue slightly); sizes within ±10%;
        // object counts 1..4 each within ±15% of uniform.
        var scenes = World.Scenes.Stream(Split.Train, 0, 3000).ToList();
        var objs = scenes.SelectMany(s => s.Objects).ToList();
        void Balanced<T>(IEnumerable<T> values, int classes, double tolerance, string what) where T : notnull
        {
            var counts = values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(classes, counts.Count);
            var mean = counts.Values.Sum() / (double)classes;
            foreach (var (k, n) in counts)
                Assert.True(Math.Abs(n - mean) <= tolerance * mean, $"{what} {k}: {n} vs uniform {mean:F0} (±{tolerance:P0})");
        }
        Balanced(objs.Select(o => o.Shape), 5, 0.15, "shape");
        Balanced(objs.Select(o => o.Color), 7, 0.25, "colour");
        Balanced(objs.Select(o => o.Size), 2, 0.10, "size");
        Balanced(scenes.Select(s => s.Place), 4, 0.15, "place");
        Balanced(scenes.Select(s => s.Objects.Count), 4, 0.15, "object count");
    }

    [Fact]
    public void Compose_places_exactly_the_requested_objects()
    {
        var scene = World.Scenes.Compose(Place.Grass, [(ObjectShape.Circle, ObjectColor.Red, ObjectSize.Large), (ObjectShape.Square, ObjectColor.Blue, ObjectSize.Small)], variant: 5);
        Assert.Equal(Place.Grass, scene.Place);
        Assert.Equal([ObjectShape.Circle, ObjectShape.Square], scene.Objects.Select(o => o.Shape));
        Assert.Equal(scene, World.Scenes.Compose(Place.Grass, [(ObjectShape.Circle, ObjectColor.Red, ObjectSize.Large), (ObjectShape.Square, ObjectColor.Blue, ObjectSize.Small)], variant: 5));
    }
}
