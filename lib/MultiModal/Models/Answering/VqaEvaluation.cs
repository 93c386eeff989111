using MultiModal.World;

namespace MultiModal.Models.Answering;

/// <summary>
/// Accuracy of predicted answers against the world's one true answer, overall and by the four groups of the lecture's
/// analysis: relational (closest, furthest, same-shape count, left of), non-relational (all others), counting ("how
/// many …", both kinds) and yes / no; and per <see cref="QuestionType"/>.
/// </summary>
/// <param name="Overall">Share of rows answered right.</param>
/// <param name="Relational">On relational questions.</param>
/// <param name="NonRelational">On non-relational questions.</param>
/// <param name="Counting">On counting questions (Count and SameShapeCount).</param>
/// <param name="YesNo">On yes / no questions (LeftOf).</param>
/// <param name="ByType">Accuracy and number of rows per question type.</param>
public sealed record VqaEvaluation(double Overall, double Relational, double NonRelational, double Counting, double YesNo,
    IReadOnlyDictionary<QuestionType, (double Accuracy, int Count)> ByType)
{
    /// <summary>Scores <paramref name="predicted"/> answer classes (one per row of <paramref name="data"/>).</summary>
    public static VqaEvaluation Of(AnsweredScenes data, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predicted);
        if (predicted.Count != data.Count)
            throw new ArgumentException($"expected one prediction per row ({data.Count}), got {predicted.Count}.", nameof(predicted));
        var right = data.Rows.Select((r, i) => (r.Qa, Right: QuestionGenerator.Answers[predicted[i]] == r.Qa.Answer)).ToArray();
        double Accuracy(Func<QuestionAnswer, bool> which)
        {
            var rows = right.Where(r => which(r.Qa)).ToArray();
            return rows.Length == 0 ? double.NaN : rows.Count(r => r.Right) / (double)rows.Length;
        }
        var byType = Enum.GetValues<QuestionType>().Where(t => right.Any(r => r.Qa.Type == t))
            .ToDictionary(t => t, t => (Accuracy(q => q.Type == t), right.Count(r => r.Qa.Type == t)));
        return new VqaEvaluation(Accuracy(_ => true), Accuracy(q => q.IsRelational), Accuracy(q => !q.IsRelational),
            Accuracy(q => q.Type is QuestionType.Count or QuestionType.SameShapeCount), Accuracy(q => q.Type == QuestionType.LeftOf), byType);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"accuracy {Overall:F3}: relational {Relational:F3}, non-relational {NonRelational:F3}, counting {Counting:F3}, yes/no {YesNo:F3}";
}
