namespace MultiModal.World;

/// <summary>The kind of a question about a scene (Sort-of-CLEVR style).</summary>
public enum QuestionType
{
    /// <summary>"what shape is the red object?" (non-relational)</summary>
    Shape,
    /// <summary>"what colour is the circle?" (non-relational)</summary>
    Color,
    /// <summary>"what size is the red circle?" (non-relational)</summary>
    Size,
    /// <summary>"is the red object on the left or the right?" — side of the image centre (non-relational)</summary>
    Side,
    /// <summary>"how many circles are there?" / "how many red objects are there?" (non-relational)</summary>
    Count,
    /// <summary>"where is this?" — the place (non-relational)</summary>
    Place,
    /// <summary>"what shape is closest to the red object?" (relational)</summary>
    Closest,
    /// <summary>"what colour is the object furthest from the circle?" (relational)</summary>
    Furthest,
    /// <summary>"how many other objects have the same shape as the red object?" (relational)</summary>
    SameShapeCount,
    /// <summary>"is the red object left of the circle?" — yes / no (relational)</summary>
    LeftOf,
}

/// <summary>One question about a scene and its one-word answer.</summary>
/// <param name="Question">Lower-case question ending in " ?" (the question mark is its own token).</param>
/// <param name="Answer">One word from <see cref="QuestionGenerator.Answers"/>.</param>
/// <param name="Type">The kind of question.</param>
/// <param name="Subject">Index of the object the question is about (-1 for questions about the whole scene).</param>
public sealed record QuestionAnswer(string Question, string Answer, QuestionType Type, int Subject)
{
    /// <summary>True for questions about relations between objects (closest, furthest, same shape, left of).</summary>
    public bool IsRelational => Type is QuestionType.Closest or QuestionType.Furthest or QuestionType.SameShapeCount or QuestionType.LeftOf;

    /// <inheritdoc />
    public override string ToString() => $"{Question} → {Answer}";
}
