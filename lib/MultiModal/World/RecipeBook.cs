namespace MultiModal.World;

/// <summary>
/// Generates recipes and renders their dishes (§2.1.2 image ↔ recipe retrieval). Each of the 8 categories has
/// a container (plate, bowl, pan, pizza base), required ingredients, a pool of optional ones (1–3 drawn) and
/// invisible seasonings. The picture is drawn from the ingredient list: every visible ingredient appears as its
/// own pieces (colour and form), the first ingredient with the most pieces — so image and recipe truly correspond.
/// <code>
/// var book = new RecipeBook(seed: 1);
/// Recipe r = book.Generate(Split.Train, 0);   // r.Ingredients: ["lettuce", "tomato", "onion", "oil", "salt"]
/// </code>
/// </summary>
public sealed class RecipeBook
{
    private enum Piece { Disc, Square, Strip, Dot, Leaf, Fillet, Egg, Wedge }

    private static readonly Dictionary<string, ((byte R, byte G, byte B) Color, Piece Piece)> Visible = new(StringComparer.Ordinal)
    {
        ["tomato"] = ((220, 40, 30), Piece.Disc), ["lettuce"] = ((90, 180, 60), Piece.Leaf), ["cucumber"] = ((160, 210, 120), Piece.Disc),
        ["onion"] = ((230, 215, 235), Piece.Strip), ["carrot"] = ((245, 130, 30), Piece.Strip), ["fish"] = ((230, 190, 140), Piece.Fillet),
        ["egg"] = ((250, 245, 235), Piece.Egg), ["cheese"] = ((250, 210, 80), Piece.Square), ["noodles"] = ((235, 215, 130), Piece.Strip),
        ["rice"] = ((250, 250, 245), Piece.Dot), ["apple"] = ((200, 30, 45), Piece.Wedge), ["banana"] = ((250, 232, 120), Piece.Disc),
        ["berries"] = ((80, 40, 140), Piece.Dot), ["chili"] = ((190, 0, 0), Piece.Strip), ["mushroom"] = ((160, 130, 100), Piece.Disc),
        ["potato"] = ((225, 195, 120), Piece.Square), ["chicken"] = ((215, 165, 115), Piece.Square), ["basil"] = ((40, 120, 40), Piece.Leaf),
        ["lemon"] = ((250, 240, 80), Piece.Wedge),
    };

    private sealed record Dish(string Name, string[] Required, string[] Optional, string[] Seasoning, string[] FirstSteps, string OptionalStep, string[] LastSteps);

    private static readonly Dictionary<DishCategory, Dish> Dishes = new()
    {
        [DishCategory.Salad] = new("salad", ["lettuce"], ["tomato", "cucumber", "onion", "carrot", "cheese", "egg"], ["oil", "salt"],
            ["wash the lettuce"], "chop the {x}", ["mix everything with oil and salt", "serve cold on a plate"]),
        [DishCategory.Soup] = new("soup", ["carrot"], ["potato", "onion", "mushroom", "chicken", "tomato"], ["water", "salt"],
            ["boil the water", "chop the carrot"], "add the {x}", ["simmer for twenty minutes", "serve hot in a bowl"]),
        [DishCategory.Pizza] = new("pizza", ["tomato", "cheese"], ["mushroom", "basil", "onion", "chili"], ["flour", "oil"],
            ["knead the flour into a dough", "spread the tomato on the dough", "add the cheese"], "add the {x}", ["bake in a hot oven"]),
        [DishCategory.FriedFish] = new("fried fish", ["fish", "lemon"], ["potato", "lettuce", "chili"], ["flour", "oil", "salt"],
            ["coat the fish in flour", "fry the fish in oil"], "add the {x}", ["slice the lemon", "serve on a plate"]),
        [DishCategory.FruitBowl] = new("fruit bowl", ["apple", "banana"], ["berries", "lemon"], ["sugar"],
            ["slice the apple", "slice the banana"], "add the {x}", ["sprinkle with sugar", "serve in a bowl"]),
        [DishCategory.Noodles] = new("noodles", ["noodles"], ["egg", "chicken", "mushroom", "onion", "chili", "carrot"], ["water", "salt"],
            ["boil the noodles in water"], "fry the {x}", ["add the noodles", "serve hot in a bowl"]),
        [DishCategory.Omelette] = new("omelette", ["egg"], ["cheese", "mushroom", "onion", "tomato", "basil"], ["oil", "salt"],
            ["beat the egg with salt", "heat oil in a pan"], "add the {x}", ["fold the omelette", "serve in the pan"]),
        [DishCategory.Curry] = new("curry", ["rice", "chicken"], ["potato", "carrot", "onion", "chili"], ["oil", "spice"],
            ["cook the rice", "fry the chicken in oil"], "add the {x}", ["add the spice", "simmer the curry", "serve with the rice"]),
    };

    /// <summary>A recipe book for world <paramref name="seed"/> with dish pictures of <paramref name="imageSize"/> pixels.</summary>
    public RecipeBook(int seed, int imageSize = 64)
    {
        if (imageSize < 32 || imageSize > 256) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "imageSize must be between 32 and 256 pixels.");
        Seed = seed;
        ImageSize = imageSize;
    }

    /// <summary>The world seed.</summary>
    public int Seed { get; }
    /// <summary>Dish picture size in pixels.</summary>
    public int ImageSize { get; }

    /// <summary>All categories in order (label = enum value).</summary>
    public static IReadOnlyList<DishCategory> Categories { get; } = Enum.GetValues<DishCategory>();
    /// <summary>The category's name ("fried fish").</summary>
    public static string Name(DishCategory category) => Dishes[category].Name;
    /// <summary>Every ingredient word, visible ones first.</summary>
    public static IReadOnlyList<string> IngredientWords { get; } =
        [.. Visible.Keys, .. Dishes.Values.SelectMany(d => d.Seasoning).Distinct().Where(s => !Visible.ContainsKey(s))];

    /// <summary>Every word a recipe text (ingredients, steps, title) can contain, sorted.</summary>
    public static IReadOnlyList<string> Words { get; } = BuildWords();

    private static string[] BuildWords()
    {
        var words = new SortedSet<string>(StringComparer.Ordinal) { "." };
        foreach (var w in IngredientWords) words.Add(w);
        foreach (var d in Dishes.Values)
            foreach (var text in d.FirstSteps.Concat(d.LastSteps).Append(d.OptionalStep).Append(d.Name))
                foreach (var w in Vocabulary.Tokenize(text.Replace("{x}", "")))
                    words.Add(w);
        return [.. words];
    }

    /// <summary>Recipes <paramref name="start"/>, <paramref name="start"/>+1, … of a split (endless when <paramref name="count"/> is null).</summary>
    public IEnumerable<Recipe> Stream(Split split, long start = 0, long? count = null)
    {
        for (var i = start; count is null || i < start + count; i++) yield return Generate(split, i);
    }

    /// <summary>Recipe <paramref name="index"/> of <paramref name="split"/>; categories are uniform.</summary>
    public Recipe Generate(Split split, long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "index must be ≥ 0.");
        var rng = WorldRandom.For(Seed, "recipe/" + Splits.Name(split), index);
        var category = rng.Pick(Categories);
        var dish = Dishes[category];
        var optional = dish.Optional.ToList();
        rng.Shuffle(optional);
        var extra = optional.Take(rng.Between(1, Math.Min(3, optional.Count))).ToList();
        // Salad and soup are named after their first extra ingredient ("tomato salad"), so put it first.
        var named = category is DishCategory.Salad or DishCategory.Soup;
        var visible = named ? [extra[0], .. dish.Required, .. extra.Skip(1)] : dish.Required.Concat(extra).ToList();
        var ingredients = visible.Concat(dish.Seasoning).ToArray();
        var steps = dish.FirstSteps.Concat(extra.Select(x => dish.OptionalStep.Replace("{x}", x))).Concat(dish.LastSteps).ToArray();
        var title = named ? $"{extra[0]} {dish.Name}" : dish.Name;
        return new Recipe(split, index, category, title, ingredients, steps, Draw(category, visible, rng), ImageSize);
    }

    private byte[] Draw(DishCategory category, IReadOnlyList<string> visible, WorldRandom rng)
    {
        var size = ImageSize;
        var s = size / 64.0;
        var c = new Canvas(size, size);
        var table = rng.Uniform(0, 1);
        c.Fill(((byte)(150 + 30 * table), (byte)(110 + 20 * table), (byte)(70 + 10 * table)));
        for (var y = 0; y < size; y += Math.Max(2, (int)(5 * s))) c.FillRect(0, y, size, y + 0.8 * s, ((byte)(130 + 30 * table), (byte)(95 + 20 * table), (byte)(60 + 10 * table)));
        double cx = size / 2.0 + rng.Uniform(-2, 2) * s, cy = size / 2.0 + rng.Uniform(-2, 2) * s;
        var r = 26 * s;
        var inner = 19 * s;
        switch (category)
        {
            case DishCategory.Salad or DishCategory.FriedFish:
                c.FillEllipse(cx, cy, r, r, (200, 200, 195));
                c.FillEllipse(cx, cy, r - 2 * s, r - 2 * s, (245, 245, 240));
                break;
            case DishCategory.Curry:
                c.FillEllipse(cx, cy, r, r, (200, 200, 195));
                c.FillEllipse(cx, cy, r - 2 * s, r - 2 * s, (245, 245, 240));
                c.FillWhere(cx, cy, inner, (dx, dy) => dx * dx + dy * dy <= inner * inner && dx > 0, (200, 140, 40));
                break;
            case DishCategory.Soup or DishCategory.Noodles or DishCategory.FruitBowl:
                c.FillEllipse(cx, cy, r, r, category == DishCategory.FruitBowl ? ((byte)150, (byte)190, (byte)220) : ((byte)60, (byte)60, (byte)70));
                var broth = category switch
                {
                    DishCategory.Soup => ((byte)210, (byte)120, (byte)50),
                    DishCategory.Noodles => ((byte)200, (byte)170, (byte)110),
                    _ => ((byte)235, (byte)240, (byte)245),
                };
                c.FillEllipse(cx, cy, r - 4 * s, r - 4 * s, broth);
                break;
            case DishCategory.Pizza:
                c.FillEllipse(cx, cy, r, r, (215, 170, 100));
                c.FillEllipse(cx, cy, r - 3 * s, r - 3 * s, (200, 50, 35));
                break;
            case DishCategory.Omelette:
                c.Line(cx + r - 2 * s, cy, size, cy + 4 * s, 4 * s, (40, 40, 40));
                c.FillEllipse(cx, cy, r, r, (50, 50, 55));
                c.FillEllipse(cx, cy, r - 4 * s, r - 6 * s, (245, 210, 80));
                break;
        }
        for (var k = 0; k < visible.Count; k++)
        {
            var (color, piece) = Visible[visible[k]];
            var pieces = piece == Piece.Fillet ? 1 : Math.Max(2, 9 - 2 * k);
            for (var p = 0; p < pieces; p++)
            {
                var a = rng.Uniform(0, 2 * Math.PI);
                var d = inner * Math.Sqrt(rng.NextDouble());
                double x = cx + d * Math.Cos(a), y = cy + d * Math.Sin(a);
                if (piece == Piece.Fillet) { x = cx - 3 * s; y = cy; }
                var angle = rng.Uniform(0, Math.PI);
                switch (piece)
                {
                    case Piece.Disc: c.FillEllipse(x, y, 3.2 * s, 3.2 * s, color); c.FillEllipse(x, y, 1.2 * s, 1.2 * s, Darker(color)); break;
                    case Piece.Square: c.FillRect(x - 2.2 * s, y - 2.2 * s, x + 2.2 * s, y + 2.2 * s, color); break;
                    case Piece.Strip: c.Line(x - 4 * s * Math.Cos(angle), y - 4 * s * Math.Sin(angle), x + 4 * s * Math.Cos(angle), y + 4 * s * Math.Sin(angle), 1.8 * s, color); break;
                    case Piece.Dot: c.FillEllipse(x, y, 1.3 * s, 1.3 * s, color); break;
                    case Piece.Leaf: c.FillEllipse(x, y, 4.5 * s, 2.2 * s, color, angle); break;
                    case Piece.Fillet: c.FillEllipse(x, y, 13 * s, 6 * s, color, 0.2); c.FillEllipse(x + 9 * s, y + 1 * s, 4 * s, 4 * s, (150, 90, 40)); break;
                    case Piece.Egg: c.FillEllipse(x, y, 3.8 * s, 3.2 * s, color); c.FillEllipse(x, y, 1.6 * s, 1.6 * s, (250, 190, 30)); break;
                    case Piece.Wedge: c.FillWhere(x, y, 4 * s, (dx, dy) => dx * dx + dy * dy <= 16 * s * s && dy >= 0, color); break;
                }
            }
        }
        return c.Pixels;
    }

    private static (byte R, byte G, byte B) Darker((byte R, byte G, byte B) c) => ((byte)(c.R * 0.75), (byte)(c.G * 0.75), (byte)(c.B * 0.75));
}
