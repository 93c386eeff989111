namespace MultiModal.Models.Encoders;

/// <summary>
/// Shape of the <see cref="ImageEncoder"/>: a small CNN of <see cref="Stages"/> stride-2 stages whose widths double
/// from <see cref="Width"/>. Defaults: 64×64 RGB in, an 8×8 grid of 128-dimensional features out.
/// </summary>
/// <param name="ImageSize">Height = width of the input images in pixels.</param>
/// <param name="Channels">Colour channels of the input (3 = RGB).</param>
/// <param name="Width">Channels of the first stage; each later stage doubles it.</param>
/// <param name="Stages">Number of stride-2 stages: the grid is <c>ImageSize / 2^Stages</c> on a side.</param>
/// <param name="Groups">Groups of the GroupNorm after every convolution (must divide <see cref="Width"/>).</param>
public sealed record ImageEncoderConfig(int ImageSize = 64, int Channels = 3, int Width = 32, int Stages = 3, int Groups = 8)
{
    /// <summary>Side of the output feature grid: 64 / 2³ = 8 by default.</summary>
    public int GridSize => ImageSize >> Stages;

    /// <summary>Number of spatial positions ("pixels" of the feature map): GridSize² = 64 by default.</summary>
    public int NumPixels => GridSize * GridSize;

    /// <summary>Channels of every feature vector: Width · 2^(Stages−1) = 128 by default.</summary>
    public int EncoderDim => Width << (Stages - 1);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Channels <= 0) throw new ArgumentException($"ImageEncoderConfig.Channels must be positive, got {Channels}.");
        if (Stages is < 1 or > 6) throw new ArgumentException($"ImageEncoderConfig.Stages must be between 1 and 6, got {Stages}.");
        if (ImageSize <= 0 || ImageSize % (1 << Stages) != 0)
            throw new ArgumentException($"ImageEncoderConfig.ImageSize ({ImageSize}) must be a positive multiple of 2^Stages = {1 << Stages}, so every stride-2 stage halves it exactly.");
        if (Width <= 0 || Groups <= 0 || Width % Groups != 0)
            throw new ArgumentException($"ImageEncoderConfig.Width ({Width}) must be a positive multiple of Groups ({Groups}).");
    }
}
