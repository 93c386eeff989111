using MultiModal.Metrics;
using static TorchSharp.torch;

namespace MultiModal.Models.Generation;

/// <summary>
/// How good a generator's images are for a set of real crops' sentences: the judge's <see cref="AttributeAccuracy"/>
/// on one generated image per sentence, and the Fréchet distance between the judge's features of those images and of
/// the real crops (0 = the same Gaussian; on the judge's 64 features, not an FID).
/// </summary>
/// <param name="Attributes">How often the judge read the asked-for shape, colour and size.</param>
/// <param name="Frechet">Fréchet distance on the judge's features, generated vs real.</param>
public sealed record GanEvaluation(AttributeAccuracy Attributes, double Frechet)
{
    /// <summary>Generates one image per crop of <paramref name="real"/> from its description (noise seeded by <paramref name="seed"/>) and scores them.</summary>
    public static GanEvaluation Of(TextToImageGenerator generator, AttributeClassifier judge, SentenceEncoder encoder, ObjectCrops real, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(real);
        using var scope = NewDisposeScope();
        var text = encoder.Encode(real.Descriptions);                                 // (n, d)
        var images = generator.Sample(text, seed);                                    // (n, 3, 32, 32)
        return Of(images, judge, real);
    }

    /// <summary>Scores generated <paramref name="images"/> (n, 3, 32, 32), row i made from the description of <paramref name="real"/>'s crop i.</summary>
    public static GanEvaluation Of(Tensor images, AttributeClassifier judge, ObjectCrops real)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(real);
        using var scope = NewDisposeScope();
        var accuracy = judge.Accuracy(images, real.Shapes, real.Colors, real.Sizes);
        var frechet = FrechetDistance.Between(judge.Features(images), judge.Features(real.Images));   // (n, 64) vs (n, 64)
        return new GanEvaluation(accuracy, frechet);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Attributes}; Fréchet distance (judge features) {Frechet:F2}";
}
