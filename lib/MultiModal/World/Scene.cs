namespace MultiModal.World;

/// <summary>
/// A scene: the ground truth of one image of the world — its place and its objects (shape, colour, size,
/// position, box). Render it with <see cref="SceneRenderer"/>; describe it with <see cref="CaptionGrammar"/>,
/// <see cref="Tags"/> and <see cref="QuestionGenerator"/>; hear it with <see cref="WorldSounds"/>.
/// </summary>
/// <param name="Split">The split this scene belongs to.</param>
/// <param name="Index">Index within the split's stream.</param>
/// <param name="Seed">The 64-bit seed everything about this scene (captions, questions, sound) is derived from.</param>
/// <param name="ImageSize">Width and height of its image in pixels.</param>
/// <param name="Place">Background place.</param>
/// <param name="Objects">Objects, non-overlapping, in drawing order.</param>
public sealed record Scene(Split Split, long Index, ulong Seed, int ImageSize, Place Place, IReadOnlyList<SceneObject> Objects)
{
    /// <summary>Two scenes are equal when every field and every object (in order) are equal.</summary>
    public bool Equals(Scene? other) =>
        other is not null && Split == other.Split && Index == other.Index && Seed == other.Seed && ImageSize == other.ImageSize
        && Place == other.Place && Objects.SequenceEqual(other.Objects);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Split, Index, Seed, ImageSize, Place, Objects.Count);

    /// <summary>"a small red circle, a large blue square on grass" — a debugging summary (not a caption).</summary>
    public override string ToString() =>
        $"{Split} #{Index}: {string.Join(", ", Objects.Select(o => o.Description))}{(Place == Place.Plain ? "" : " on " + Attributes.Word(Place))}";
}
