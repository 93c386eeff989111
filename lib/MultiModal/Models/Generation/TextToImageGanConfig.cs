namespace MultiModal.Models.Generation;

/// <summary>Sizes of the text-to-image GAN (defaults: about 0.16 s a training step of 64 images on 2 CPU cores).</summary>
/// <param name="TextDim">Size of the sentence embedding φ (the word vectors' size).</param>
/// <param name="NoiseDim">Size of the noise z ~ N(0, I).</param>
/// <param name="CompressedTextDim">Size the generator compresses φ to before it meets z (Reed et al.: 128 from 1,024).</param>
/// <param name="Width">Channels of the generator's last and the discriminator's first feature map; the others are 2× and 4× it.</param>
public sealed record TextToImageGanConfig(int TextDim = 32, int NoiseDim = 32, int CompressedTextDim = 32, int Width = 32)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (TextDim < 1) throw new ArgumentException($"TextToImageGanConfig.TextDim must be at least 1, got {TextDim}.");
        if (NoiseDim < 1) throw new ArgumentException($"TextToImageGanConfig.NoiseDim must be at least 1, got {NoiseDim}.");
        if (CompressedTextDim < 1) throw new ArgumentException($"TextToImageGanConfig.CompressedTextDim must be at least 1, got {CompressedTextDim}.");
        if (Width < 1) throw new ArgumentException($"TextToImageGanConfig.Width must be at least 1, got {Width}.");
    }
}

/// <summary>How the GAN is trained.</summary>
/// <param name="Steps">Training steps; each updates the discriminator once, then the generator once.</param>
/// <param name="BatchSize">Real images per step.</param>
/// <param name="LearningRate">Adam's step size for both players (DCGAN: 2e-4).</param>
/// <param name="Beta1">Adam's first-moment decay (DCGAN: 0.5).</param>
/// <param name="MatchingAware">GAN-CLS: the discriminator also sees real images with a wrong sentence, labelled fake. False: the plain conditional GAN.</param>
/// <param name="Interpolation">GAN-INT: the generator is also trained on the midpoints of two sentences' embeddings (β = 0.5), which have no real image.</param>
/// <param name="Scenes">Training crops (the first ones of the train split).</param>
/// <param name="Seed">Seeds the weights, the noise and the batches.</param>
public sealed record GanTrainingConfig(
    int Steps = 1500,
    int BatchSize = 64,
    double LearningRate = 2e-4,
    double Beta1 = 0.5,
    bool MatchingAware = true,
    bool Interpolation = true,
    int Scenes = 5000,
    int Seed = 2)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"GanTrainingConfig.Steps must be at least 1, got {Steps}.");
        if (BatchSize < 2) throw new ArgumentException($"GanTrainingConfig.BatchSize must be at least 2 (batch norm needs two images), got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"GanTrainingConfig.LearningRate must be a positive number, got {LearningRate}.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"GanTrainingConfig.Beta1 must be in [0, 1), got {Beta1}.");
        if (Scenes < 2) throw new ArgumentException($"GanTrainingConfig.Scenes must be at least 2, got {Scenes}.");
    }
}
