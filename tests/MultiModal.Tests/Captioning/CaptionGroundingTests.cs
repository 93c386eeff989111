using MultiModal.Metrics;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;
using MultiModal.Models.Captioning;

namespace MultiModal.Tests.Captioning;

public class CaptionGroundingTests
{
    // Three objects at known places: a large red circle at the top left, a large blue square at the bottom right,
    // a small red triangle at the top right.
    private static Scene Scene() => new(Split.Test, 0, 1, 64, Place.Grass,
    [
        new SceneObject(0, ObjectShape.Circle, ObjectColor.Red, ObjectSize.Large, 15.5, 15.5, 8, new BoundingBox(8, 8, 23, 23)),
        new SceneObject(1, ObjectShape.Square, ObjectColor.Blue, ObjectSize.Large, 48.5, 48.5, 8, new BoundingBox(41, 41, 56, 56)),
        new SceneObject(2, ObjectShape.Triangle, ObjectColor.Red, ObjectSize.Small, 48.5, 15.5, 5, new BoundingBox(44, 10, 53, 21)),
    ]);

    private static string[] Words(string caption) => caption.Split(' ');

    [Fact]
    public void Noun_phrases_that_fit_exactly_one_object_name_it()
    {
        var got = CaptionGrounding.ObjectPerWord(Words("a large red circle is left of a blue object"), Scene());
        Assert.Equal(new int?[] { null, 0, 0, 0, null, null, null, null, 1, 1 }, got);
        Assert.Equal(new int?[] { null, null, null, 2, 2 }, CaptionGrounding.ObjectPerWord(Words("there is one red triangle"), Scene()));
        Assert.Equal(new int?[] { null, 1, 1, null, null, null }, CaptionGrounding.ObjectPerWord(Words("a large square on the grass"), Scene()));
    }

    [Theory]
    [InlineData("a red object")]                 // two red objects: ambiguous
    [InlineData("a large object")]               // two large objects
    [InlineData("there are two red objects")]    // plural: names a set
    [InlineData("a green circle")]               // false: no such object
    [InlineData("an object on the grass")]       // three objects fit
    public void Ambiguous_plural_or_false_phrases_name_nothing(string caption) =>
        Assert.All(CaptionGrounding.ObjectPerWord(Words(caption), Scene()), o => Assert.Null(o));

    [Theory]
    [InlineData("a large red circle is left of a blue square", true)]
    [InlineData("a blue square is left of a large red circle", false)]
    [InlineData("a red triangle is above a blue square", true)]
    [InlineData("there is a blue square below a red triangle", true)]
    [InlineData("a red triangle is right of a circle", true)]
    [InlineData("a red triangle is below a circle", false)]          // same height: not below
    public void Stated_relations_are_checked_on_the_scene(string caption, bool holds) =>
        Assert.Equal(holds, CaptionGrounding.RelationHolds(Words(caption), Scene(), margin: 4));

    [Theory]
    [InlineData("a red object is left of a blue square")]           // subject ambiguous
    [InlineData("a large red circle and a blue square")]             // no relation
    public void Relations_that_cannot_be_checked_are_null(string caption) =>
        Assert.Null(CaptionGrounding.RelationHolds(Words(caption), Scene(), margin: 4));

    [Fact]
    public void Pointing_at_the_named_object_scores_correct_and_elsewhere_wrong()
    {
        var frame = SceneRenderer.Render(Scene());
        var words = Words("a blue square");
        using var scope = NewDisposeScope();
        var onSquare = zeros(3, 8, 8);
        onSquare[.., 6, 6] = tensor(1f);                                    // cell rows/cols 48–55: inside the square
        var onCircle = zeros(3, 8, 8);
        onCircle[.., 1, 1] = tensor(1f);                                    // pixels 8–15: the circle
        var good = CaptionGrounding.PointingGame(words, onSquare, frame);
        var bad = CaptionGrounding.PointingGame(words, onCircle, frame);
        Assert.Equal((2, 2), (good.Scored, good.Correct));                 // "blue" and "square" are scored, "a" is not
        Assert.Equal((2, 0), (bad.Scored, bad.Correct));
    }

    [Fact]
    public void A_small_object_between_four_cells_is_hit_at_pixel_resolution()
    {
        // A small square centred on the corner of four grid cells: none of the cells is mostly square, so a test on the
        // 8×8 cells can never score it; the peak of the upsampled map lies on the square.
        var scene = new Scene(Split.Test, 0, 1, 64, Place.Grass,
            [new SceneObject(0, ObjectShape.Square, ObjectColor.Blue, ObjectSize.Small, 32, 32, 5, new BoundingBox(27, 27, 37, 37))]);
        var frame = SceneRenderer.Render(scene);
        using var scope = NewDisposeScope();
        var maps = zeros(2, 8, 8);
        maps[.., 3..5, 3..5] = tensor(0.25f);                                  // equal weight on the four cells around the square
        var cellLevel = PointingGame.Evaluate(maps, [null, tensor(frame.Mask(0), [64, 64])]);
        Assert.Equal((1, 0), (cellLevel.Scored, cellLevel.Correct));           // on the grid: the peak cell is not mostly square
        var full = CaptionGrounding.PointingGame(Words("a blue square"), cat([zeros(1, 8, 8), maps]), frame);
        Assert.Equal((2, 2), (full.Scored, full.Correct));
    }
}
