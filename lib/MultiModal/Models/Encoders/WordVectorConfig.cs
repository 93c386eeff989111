namespace MultiModal.Models.Encoders;

/// <summary>
/// How <see cref="PretrainedWordVectors"/> trains the course's word vectors (skip-gram with negative sampling) on the
/// world's texts. The defaults take a few seconds on 2 CPU cores; every field is part of the shipped file's name, so a
/// different setting trains (and caches) different vectors.
/// </summary>
/// <param name="Dim">Vector size.</param>
/// <param name="Window">Context words on each side of the centre word.</param>
/// <param name="Negatives">Noise words k per true pair.</param>
/// <param name="Steps">Optimisation steps.</param>
/// <param name="BatchSize">(centre, context) pairs per step.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Seed">Seed of the initial vectors, the batches and the noise words.</param>
/// <param name="Scenes">Train scenes whose varied-style captions join the corpus (5 each).</param>
/// <param name="Recipes">Train recipes whose title, ingredient list and steps join the corpus.</param>
public sealed record WordVectorConfig(int Dim = 32, int Window = 3, int Negatives = 5, int Steps = 3000, int BatchSize = 512,
    double LearningRate = 0.01, int Seed = 11, int Scenes = 2000, int Recipes = 2000)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(Dim), Dim), (nameof(Window), Window), (nameof(Negatives), Negatives), (nameof(Steps), Steps), (nameof(BatchSize), BatchSize) })
            if (value < 1) throw new ArgumentException($"WordVectorConfig.{name} must be at least 1, got {value}.");
        if (Scenes < 0 || Recipes < 0 || Scenes + Recipes == 0)
            throw new ArgumentException($"WordVectorConfig.Scenes ({Scenes}) and Recipes ({Recipes}) must be ≥ 0 and not both 0: the corpus needs some text.");
        if (!(LearningRate > 0)) throw new ArgumentException($"WordVectorConfig.LearningRate must be positive, got {LearningRate}.");
    }
}
