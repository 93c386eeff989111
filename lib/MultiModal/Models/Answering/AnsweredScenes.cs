using MultiModal.Models.Encoders;
using MultiModal.World;
using static TorchSharp.torch;

namespace MultiModal.Models.Answering;

/// <summary>
/// Scenes with their questions (<see cref="QuestionGenerator"/>, six per scene, half relational when the scene allows
/// it) and the pre-trained encoder's 8×8 feature maps, encoded once and cached (<see cref="SceneFeatures"/>). Every
/// (scene, question) pair is one row; the feature map is stored once per scene and indexed by the row's scene.
/// </summary>
public sealed class AnsweredScenes : IDisposable
{
    private readonly long[] _sceneOfRow;

    private AnsweredScenes(SceneSample[] samples, Tensor features)
    {
        Samples = samples;
        Features = features;
        var rows = new List<(int Scene, QuestionAnswer Qa)>();
        for (var s = 0; s < samples.Length; s++)
            foreach (var qa in samples[s].Questions) rows.Add((s, qa));
        Rows = rows;
        _sceneOfRow = rows.Select(r => (long)r.Scene).ToArray();
        var ids = rows.Select(r => Vocabulary.Questions.Encode(r.Qa.Question)).ToArray();
        Questions = Batches.Tokens(ids);                                                   // (rows, maxLen) int64
        QuestionLengths = Batches.Lengths(ids);                                            // (rows,) int64
        Answers = Batches.Labels(rows.Select(r => QuestionBatch.AnswerIndex(r.Qa.Answer)).ToArray()); // (rows,) int64
    }

    /// <summary>The scenes, in index order.</summary>
    public IReadOnlyList<SceneSample> Samples { get; }

    /// <summary>(scenes, encoderDim, gridSize, gridSize) float32: the frozen encoder's feature maps.</summary>
    public Tensor Features { get; }

    /// <summary>Every (scene index, question with answer), scene by scene.</summary>
    public IReadOnlyList<(int Scene, QuestionAnswer Qa)> Rows { get; }

    /// <summary>(rows, maxLen) int64: question token ids (<see cref="Vocabulary.Questions"/>, &lt;start&gt; … &lt;end&gt;, padded).</summary>
    public Tensor Questions { get; }

    /// <summary>(rows,) int64: question lengths including &lt;start&gt; and &lt;end&gt;.</summary>
    public Tensor QuestionLengths { get; }

    /// <summary>(rows,) int64: the answer class (index into <see cref="QuestionGenerator.Answers"/>).</summary>
    public Tensor Answers { get; }

    /// <summary>Number of (scene, question) rows.</summary>
    public int Count => Rows.Count;

    /// <summary>
    /// Scenes <paramref name="start"/> … of <paramref name="split"/> with their questions, encoded by
    /// <paramref name="encoder"/> (read from the shared feature cache when it holds them).
    /// </summary>
    public static AnsweredScenes Cached(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0)
    {
        var (samples, features) = SceneFeatures.Encode(world, encoder, split, count, start,
            cacheFile: SceneFeatures.CachePath(world, encoder, split, count, start));          // (count, encoderDim, g, g)
        return new AnsweredScenes(samples, features);
    }

    /// <summary>A random batch of rows: feature maps (batch, encoderDim, g, g), questions (batch, maxLen), lengths (batch,) and answers (batch,).</summary>
    public (Tensor Features, Tensor Questions, Tensor Lengths, Tensor Answers) Batch(Random rng, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        var rows = new long[batchSize];
        for (var i = 0; i < batchSize; i++) rows[i] = rng.Next(Count);
        return Take(rows);
    }

    /// <summary>The given rows, in order: feature maps (n, encoderDim, g, g), questions (n, maxLen), lengths (n,), answers (n,).</summary>
    public (Tensor Features, Tensor Questions, Tensor Lengths, Tensor Answers) Take(IReadOnlyList<long> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var r in rows)
            if (r < 0 || r >= Count) throw new ArgumentOutOfRangeException(nameof(rows), r, $"row {r} is outside 0 … {Count - 1}.");
        using var index = tensor(rows.ToArray(), [rows.Count]);                                    // (n,)
        using var scenes = tensor(rows.Select(r => _sceneOfRow[r]).ToArray(), [rows.Count]);     // (n,)
        return (Features.index_select(0, scenes),                                                 // (n, encoderDim, g, g)
                Questions.index_select(0, index), QuestionLengths.index_select(0, index), Answers.index_select(0, index));
    }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Features.Dispose(); Questions.Dispose(); QuestionLengths.Dispose(); Answers.Dispose();
    }
}
