using static TorchSharp.torch;

namespace MultiModal.World;

/// <summary>A batch of (image, question, answer) triples as tensors, for visual question answering (§2.3.1).</summary>
public sealed class QuestionBatch : IDisposable
{
    internal QuestionBatch(IReadOnlyList<(SceneSample Sample, QuestionAnswer Qa)> rows, int? maxLen)
    {
        Rows = rows;
        Images = Batches.Images(rows.Select(r => r.Sample.Frame).ToArray());
        var ids = rows.Select(r => Vocabulary.Questions.Encode(r.Qa.Question)).ToArray();
        Questions = Batches.Tokens(ids, maxLen);
        QuestionLengths = Batches.Lengths(ids, maxLen);
        Answers = Batches.Labels(rows.Select(r => AnswerIndex(r.Qa.Answer)).ToArray());
        Relational = tensor(rows.Select(r => r.Qa.IsRelational).ToArray(), [rows.Count]);
    }

    /// <summary>The index of an answer word in <see cref="QuestionGenerator.Answers"/>.</summary>
    public static int AnswerIndex(string answer)
    {
        for (var i = 0; i < QuestionGenerator.Answers.Count; i++)
            if (QuestionGenerator.Answers[i] == answer) return i;
        throw new ArgumentException($"'{answer}' is not an answer of the world.", nameof(answer));
    }

    /// <summary>The rows: each a scene sample and one of its questions.</summary>
    public IReadOnlyList<(SceneSample Sample, QuestionAnswer Qa)> Rows { get; }
    /// <summary>Images, float32 in [0, 1], shape [batch, 3, size, size].</summary>
    public Tensor Images { get; }
    /// <summary>Question token ids (<see cref="Vocabulary.Questions"/>, with &lt;start&gt;/&lt;end&gt;), int64 [batch, maxLen].</summary>
    public Tensor Questions { get; }
    /// <summary>Question lengths including &lt;start&gt; and &lt;end&gt;, int64 [batch].</summary>
    public Tensor QuestionLengths { get; }
    /// <summary>Answer class (index into <see cref="QuestionGenerator.Answers"/>), int64 [batch].</summary>
    public Tensor Answers { get; }
    /// <summary>True where the question is relational, bool [batch].</summary>
    public Tensor Relational { get; }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Images.Dispose(); Questions.Dispose(); QuestionLengths.Dispose(); Answers.Dispose(); Relational.Dispose();
    }
}
