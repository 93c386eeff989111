namespace MultiModal.World;

/// <summary>The semantic category of a dish (the im2recipe "semantic regularisation" label, §2.1.2).</summary>
public enum DishCategory
{
    /// <summary>Leafy salad on a plate.</summary>
    Salad,
    /// <summary>Soup in a bowl of broth.</summary>
    Soup,
    /// <summary>Pizza: dough, tomato, cheese and toppings.</summary>
    Pizza,
    /// <summary>Fried fish with lemon on a plate.</summary>
    FriedFish,
    /// <summary>A bowl of fruit.</summary>
    FruitBowl,
    /// <summary>Noodles in a bowl.</summary>
    Noodles,
    /// <summary>Omelette in a pan.</summary>
    Omelette,
    /// <summary>Curry with rice.</summary>
    Curry,
}

/// <summary>
/// A recipe and its dish: an ordered ingredient list (main ingredient first), instruction steps as text, and a
/// picture of the dish drawn from exactly those ingredients (seasonings such as salt and oil are in the text only).
/// </summary>
/// <param name="Split">The split it belongs to.</param>
/// <param name="Index">Index in the split's stream.</param>
/// <param name="Category">Semantic category.</param>
/// <param name="Title">E.g. "tomato salad".</param>
/// <param name="Ingredients">Ordered ingredient words, main first; visible ones are drawn, the most pieces for the first.</param>
/// <param name="Steps">Instruction sentences, lower-case, in order.</param>
/// <param name="Image">The dish picture, RGB bytes [ImageSize, ImageSize, 3].</param>
/// <param name="ImageSize">Width and height of the picture.</param>
public sealed record Recipe(Split Split, long Index, DishCategory Category, string Title, IReadOnlyList<string> Ingredients,
    IReadOnlyList<string> Steps, byte[] Image, int ImageSize)
{
    /// <summary>The ingredient list as one text: "lettuce tomato onion oil salt".</summary>
    public string IngredientText => string.Join(' ', Ingredients);
    /// <summary>The instructions as one text, steps separated by " . ".</summary>
    public string StepText => string.Join(" . ", Steps);

    /// <summary>The dish picture as an ImageSharp image.</summary>
    public SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> ToImage() =>
        SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgb24>(Image, ImageSize, ImageSize);
}
