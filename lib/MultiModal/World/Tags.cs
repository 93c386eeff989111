namespace MultiModal.World;

/// <summary>
/// Image tags (§2.1.1 image tagging): the set of shape, colour and place words that are true of a scene —
/// "circle", "red", "grass". Sizes are not tags. The tag vocabulary <see cref="Words"/> is fixed, so a scene's
/// tags also form a multi-hot vector.
/// </summary>
public static class Tags
{
    /// <summary>The tag vocabulary in a fixed order: shapes, colours, places.</summary>
    public static IReadOnlyList<string> Words { get; } =
        [.. Attributes.Shapes.Select(Attributes.Word), .. Attributes.Colors.Select(Attributes.Word), .. Attributes.Places.Select(Attributes.Word)];

    /// <summary>The tags of a scene, in <see cref="Words"/> order, without repeats.</summary>
    public static IReadOnlyList<string> Of(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in scene.Objects) { present.Add(Attributes.Word(o.Shape)); present.Add(Attributes.Word(o.Color)); }
        if (scene.Place != Place.Plain) present.Add(Attributes.Word(scene.Place));
        return Words.Where(present.Contains).ToArray();
    }

    /// <summary>Multi-hot vector of the scene's tags, length <see cref="Words"/>.Count (1 = tag present).</summary>
    public static float[] MultiHot(Scene scene)
    {
        var tags = Of(scene);
        return Words.Select(w => tags.Contains(w) ? 1f : 0f).ToArray();
    }
}
