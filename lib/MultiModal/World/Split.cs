namespace MultiModal.World;

/// <summary>
/// Which part of the world a sample belongs to. Every split is its own deterministic stream (different seeds),
/// so no sample is shared between splits. Train, val and test never contain the held-out colour–shape pairs of
/// <see cref="SceneConfig.HeldOutPairs"/>; every <see cref="HeldOut"/> scene contains at least one of them.
/// Speakers are split too: a test speaker's face and voice never appear in training.
/// </summary>
public enum Split
{
    /// <summary>Training data.</summary>
    Train,
    /// <summary>Validation data (model selection, early stopping).</summary>
    Val,
    /// <summary>In-distribution test data.</summary>
    Test,
    /// <summary>Compositional test: every scene holds an attribute pair never seen in training.</summary>
    HeldOut,
}

/// <summary>Parsing split names ("train", "val", "test", "heldout") with a clear error.</summary>
public static class Splits
{
    /// <summary>All splits in order.</summary>
    public static IReadOnlyList<Split> All { get; } = Enum.GetValues<Split>();

    /// <summary>Parses "train", "val" ("valid", "validation"), "test" or "heldout" ("held-out"), case-insensitively.</summary>
    public static Split Parse(string name) => (name ?? "").Trim().ToLowerInvariant().Replace("-", "").Replace("_", "") switch
    {
        "train" or "training" => Split.Train,
        "val" or "valid" or "validation" => Split.Val,
        "test" => Split.Test,
        "heldout" => Split.HeldOut,
        _ => throw new ArgumentException($"'{name}' is not a split; use \"train\", \"val\", \"test\" or \"heldout\".", nameof(name)),
    };

    /// <summary>The lower-case name of a split ("train").</summary>
    public static string Name(Split split) => split.ToString().ToLowerInvariant();
}
