namespace MultiModal.Models.Encoders;

/// <summary>
/// How <see cref="PretrainedEncoders"/> pre-trains the course's <see cref="ImageEncoder"/> on world scenes. The
/// defaults take about 8 minutes on 2 CPU cores (so the result is shipped in <c>data/models/</c>); every field is part
/// of the cache key, so a different setting trains (and caches) a different encoder.
/// </summary>
/// <param name="Scenes">Training scenes (train split, indices 0 … Scenes − 1), rendered once.</param>
/// <param name="Steps">Optimisation steps.</param>
/// <param name="BatchSize">Scenes per step.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Seed">Seed for the initial weights and the batch order.</param>
/// <param name="Encoder">The encoder architecture (default: 64×64 → 8×8×128).</param>
public sealed record EncoderPretrainingConfig(int Scenes = 1200, int Steps = 2000, int BatchSize = 32, double LearningRate = 3e-3,
    int Seed = 7, ImageEncoderConfig? Encoder = null)
{
    /// <summary>The encoder architecture in use (<see cref="Encoder"/> or the default).</summary>
    public ImageEncoderConfig Architecture => Encoder ?? new ImageEncoderConfig();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Scenes < 1) throw new ArgumentException($"EncoderPretrainingConfig.Scenes must be at least 1, got {Scenes}.");
        if (Steps < 1) throw new ArgumentException($"EncoderPretrainingConfig.Steps must be at least 1, got {Steps}.");
        if (BatchSize < 1) throw new ArgumentException($"EncoderPretrainingConfig.BatchSize must be at least 1, got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"EncoderPretrainingConfig.LearningRate must be positive, got {LearningRate}.");
        Architecture.Validate();
    }
}
