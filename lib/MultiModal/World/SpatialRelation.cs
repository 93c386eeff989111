namespace MultiModal.World;

/// <summary>The four spatial relations the world's captions state and its questions ask about.</summary>
public enum SpatialRelation
{
    /// <summary>"left of": the first centre is at least the margin further left.</summary>
    LeftOf,
    /// <summary>"right of".</summary>
    RightOf,
    /// <summary>"above" (image rows grow downwards).</summary>
    Above,
    /// <summary>"below".</summary>
    Below,
}

/// <summary>
/// The world's one rule for spatial relations, used by the caption grammar, the question generator and caption
/// grounding alike: A is left of B ⇔ x_A + margin ≤ x_B (right of ⇔ x_A ≥ x_B + margin; above and below the same with
/// y, which grows downwards). Centres closer than the margin (<see cref="SceneConfig.RelationMargin"/>, 4 pixels by
/// default) are in no relation, so no caption or answer depends on a pixel or two.
/// </summary>
public static class SpatialRelations
{
    /// <summary>All four relations, in a fixed order.</summary>
    public static IReadOnlyList<SpatialRelation> All { get; } = [SpatialRelation.LeftOf, SpatialRelation.RightOf, SpatialRelation.Above, SpatialRelation.Below];

    /// <summary>Does <paramref name="relation"/> hold from the centre (xA, yA) to the centre (xB, yB)?</summary>
    public static bool Holds(SpatialRelation relation, double xA, double yA, double xB, double yB, int margin)
    {
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The relation margin is a distance in pixels: 0 or more (the world uses SceneConfig.RelationMargin).");
        return relation switch
        {
            SpatialRelation.LeftOf => xA + margin <= xB,
            SpatialRelation.RightOf => xA >= xB + margin,
            SpatialRelation.Above => yA + margin <= yB,
            SpatialRelation.Below => yA >= yB + margin,
            _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, "not a spatial relation"),
        };
    }

    /// <summary>Does <paramref name="relation"/> hold from object <paramref name="a"/> to object <paramref name="b"/>?</summary>
    public static bool Holds(SceneObject a, SpatialRelation relation, SceneObject b, int margin)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Holds(relation, a.X, a.Y, b.X, b.Y, margin);
    }

    /// <summary>The caption words of a relation: "left of", "right of", "above", "below".</summary>
    public static string Words(SpatialRelation relation) => relation switch
    {
        SpatialRelation.LeftOf => "left of",
        SpatialRelation.RightOf => "right of",
        SpatialRelation.Above => "above",
        SpatialRelation.Below => "below",
        _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, "not a spatial relation"),
    };

    /// <summary>The relation whose caption words start with <paramref name="word"/> ("left", "right", "above", "below"), or null.</summary>
    public static SpatialRelation? FromWord(string word) => word switch
    {
        "left" => SpatialRelation.LeftOf,
        "right" => SpatialRelation.RightOf,
        "above" => SpatialRelation.Above,
        "below" => SpatialRelation.Below,
        _ => null,
    };

    /// <summary>The relation seen from the other object: left of ↔ right of, above ↔ below.</summary>
    public static SpatialRelation Inverse(SpatialRelation relation) => relation switch
    {
        SpatialRelation.LeftOf => SpatialRelation.RightOf,
        SpatialRelation.RightOf => SpatialRelation.LeftOf,
        SpatialRelation.Above => SpatialRelation.Below,
        SpatialRelation.Below => SpatialRelation.Above,
        _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, "not a spatial relation"),
    };
}
