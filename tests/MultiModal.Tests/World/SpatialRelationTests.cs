using MultiModal.World;
using Xunit;

namespace MultiModal.Tests.World;

/// <summary>The world's one relation rule, and that captions and questions follow it.</summary>
public class SpatialRelationTests
{
    [Theory]
    [InlineData(10.5, 14.5, 4, true)]     // exactly the margin apart: left of
    [InlineData(10.5, 14.0, 4, false)]    // closer than the margin: no relation
    [InlineData(20.5, 10.5, 4, false)]
    public void Left_of_means_at_least_the_margin_further_left(double xA, double xB, int margin, bool holds)
    {
        Assert.Equal(holds, SpatialRelations.Holds(SpatialRelation.LeftOf, xA, 0, xB, 0, margin));
        Assert.Equal(holds, SpatialRelations.Holds(SpatialRelation.RightOf, xB, 0, xA, 0, margin)); // the inverse, seen from B
        Assert.Equal(holds, SpatialRelations.Holds(SpatialRelation.Above, 0, xA, 0, xB, margin));   // the same rule on y
    }

    [Fact]
    public void Words_round_trip_and_inverses_pair_up()
    {
        foreach (var r in SpatialRelations.All)
        {
            Assert.Equal(r, SpatialRelations.FromWord(SpatialRelations.Words(r).Split(' ')[0]));
            Assert.Equal(r, SpatialRelations.Inverse(SpatialRelations.Inverse(r)));
        }
        Assert.Null(SpatialRelations.FromWord("near"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpatialRelations.Holds(SpatialRelation.LeftOf, 0, 0, 1, 0, margin: -1));
    }

    [Fact]
    public void Every_relation_the_world_states_or_asks_about_holds_by_the_rule()
    {
        var world = new SyntheticWorld(5);
        var margin = world.Config.Scenes.RelationMargin;
        var checkedQuestions = 0;
        foreach (var sample in world.Samples(Split.Train, 0, 200))
        {
            var objects = sample.Scene.Objects;
            foreach (var q in sample.Questions.Where(q => q.Type == QuestionType.LeftOf))
            {
                var a = objects[q.Subject];
                // the question names a second object; whichever it is, the answer must be decided by the rule
                var decided = objects.Where(b => b != a).Any(b => SpatialRelations.Holds(a, SpatialRelation.LeftOf, b, margin) == (q.Answer == "yes")
                                                                 && (SpatialRelations.Holds(a, SpatialRelation.LeftOf, b, margin) || SpatialRelations.Holds(a, SpatialRelation.RightOf, b, margin)));
                Assert.True(decided, $"'{q.Question}' → {q.Answer} is not decided by the rule on {string.Join("; ", objects)}");
                checkedQuestions++;
            }
        }
        Assert.True(checkedQuestions > 50, $"only {checkedQuestions} left-of questions were generated");
    }
}
