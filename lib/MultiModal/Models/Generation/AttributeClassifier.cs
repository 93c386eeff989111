using MultiModal.Metrics;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Generation;

/// <summary>
/// The GAN's judge: a small CNN trained on <em>real</em> crops to read an object's shape, colour and size, so that a
/// generated image can be scored by whether the judge reads the attributes its sentence asked for (the
/// "attribute accuracy", in the spirit of the Inception score's classifier and of Reed et al.'s user study), and its
/// 64-d penultimate features give a Fréchet distance between real and generated crops (<see cref="FrechetDistance"/>;
/// not an FID: the features are this judge's, not Inception-v3's).
/// <code>
/// f(x) = ReLU(W · flatten(3 × [conv 3×3 → ReLU → max-pool 2]))   (64)
/// shape = W_s f,  colour = W_c f,  size = W_z f                    (5), (7), (2) logits
/// </code>
/// Count is not judged: every crop holds one object by construction.
/// </summary>
public sealed class AttributeClassifier : Module<Tensor, Tensor>
{
    /// <summary>The size of <see cref="forward"/>'s features.</summary>
    public const int FeatureDim = 64;

    private readonly Sequential _body;
    private readonly Linear _shape, _color, _size;

    /// <summary>A fresh, untrained judge.</summary>
    public AttributeClassifier() : base(nameof(AttributeClassifier))
    {
        _body = Sequential(
            Conv2d(3, 16, 3, padding: 1), ReLU(), MaxPool2d(2),                      // 16×16
            Conv2d(16, 32, 3, padding: 1), ReLU(), MaxPool2d(2),                     // 8×8
            Conv2d(32, 64, 3, padding: 1), ReLU(), MaxPool2d(2),                     // 4×4
            Flatten(), Linear(64 * 16, FeatureDim), ReLU());
        _shape = Linear(FeatureDim, Attributes.Shapes.Count);
        _color = Linear(FeatureDim, Attributes.Colors.Count);
        _size = Linear(FeatureDim, Enum.GetValues<ObjectSize>().Length);
        RegisterComponents();
    }

    /// <summary>The features (B, 64) of crops (B, 3, 32, 32) in [−1, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        CheckImages(images);
        return _body.call(images);                                                    // (B, 64)
    }

    /// <summary>Shape (B, 5), colour (B, 7) and size (B, 2) logits of crops (B, 3, 32, 32).</summary>
    public (Tensor Shape, Tensor Color, Tensor Size) Logits(Tensor images)
    {
        var f = forward(images);                                                      // (B, 64)
        return (_shape.call(f), _color.call(f), _size.call(f));                       // (B, 5), (B, 7), (B, 2)
    }

    /// <summary>The sum of the three cross-entropies (a scalar) for crops and their labels.</summary>
    public Tensor Loss(Tensor images, Tensor shapes, Tensor colors, Tensor sizes)
    {
        var (s, c, z) = Logits(images);                                               // (B, 5), (B, 7), (B, 2)
        return functional.cross_entropy(s, shapes).Plus(functional.cross_entropy(c, colors)).Plus(functional.cross_entropy(z, sizes));   // []
    }

    /// <summary>
    /// How often the judge reads each asked-for attribute in <paramref name="images"/> (n, 3, 32, 32), in batches,
    /// in evaluation mode, without gradients.
    /// </summary>
    public AttributeAccuracy Accuracy(Tensor images, Tensor shapes, Tensor colors, Tensor sizes, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckImages(images);
        var n = images.shape[0];
        foreach (var (labels, name) in new[] { (shapes, nameof(shapes)), (colors, nameof(colors)), (sizes, nameof(sizes)) })
            if (labels is null || labels.dim() != 1 || labels.shape[0] != n)
                throw new ArgumentException($"expected one {name[..^1]} label per image, shape ({n}), got {labels?.ShapeText() ?? "null"}.", name);
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        long rightShape = 0, rightColor = 0, rightSize = 0, rightAll = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            using var batch = NewDisposeScope();
            var len = Math.Min(batchSize, n - start);
            var (s, c, z) = Logits(images.narrow(0, start, len));                    // (b, 5), (b, 7), (b, 2)
            var okS = s.argmax(1).eq(shapes.narrow(0, start, len));                  // (b) bool
            var okC = c.argmax(1).eq(colors.narrow(0, start, len));                  // (b) bool
            var okZ = z.argmax(1).eq(sizes.narrow(0, start, len));                   // (b) bool
            rightShape += okS.sum().item<long>();
            rightColor += okC.sum().item<long>();
            rightSize += okZ.sum().item<long>();
            rightAll += okS.logical_and(okC).logical_and(okZ).sum().item<long>();
        }
        return new AttributeAccuracy(rightShape / (double)n, rightColor / (double)n, rightSize / (double)n, rightAll / (double)n, (int)n);
    }

    /// <summary>The judge's accuracy on real crops.</summary>
    public AttributeAccuracy Accuracy(ObjectCrops crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        return Accuracy(crops.Images, crops.Shapes, crops.Colors, crops.Sizes);
    }

    /// <summary>Features (n, 64) of many crops, in batches, in evaluation mode, without gradients.</summary>
    public Tensor Features(Tensor images, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckImages(images);
        using var eval = EvalScope.Of(this);
        var parts = new List<Tensor>();
        using var scope = NewDisposeScope();
        for (long start = 0; start < images.shape[0]; start += batchSize)
            parts.Add(forward(images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start))));   // (b, 64)
        return cat(parts, 0).MoveToOuterDisposeScope();                               // (n, 64)
    }

    /// <summary>Crops must be (B, 3, 32, 32) and finite; a diverged generator's NaN images are refused, not scored.</summary>
    public static void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != ObjectCrops.CropSize || images.shape[3] != ObjectCrops.CropSize || images.shape[0] == 0)
            throw new ArgumentException($"expected crops of shape (B, 3, {ObjectCrops.CropSize}, {ObjectCrops.CropSize}) in [−1, 1], got {images.ShapeText()}; cut them with ObjectCrops.Crop.", nameof(images));
        if (!images.isfinite().all().item<bool>())
            throw new ArgumentException("the images contain NaN or infinity (a diverged generator?); they cannot be judged.", nameof(images));
    }
}

/// <summary>Shares of images whose attributes the judge read as asked: each alone, and all three at once.</summary>
/// <param name="Shape">Shape right.</param>
/// <param name="Color">Colour right.</param>
/// <param name="Size">Size right.</param>
/// <param name="All">Shape, colour and size all right.</param>
/// <param name="Count">Images judged.</param>
public sealed record AttributeAccuracy(double Shape, double Color, double Size, double All, int Count)
{
    /// <inheritdoc />
    public override string ToString() => $"shape {Shape:F3}, colour {Color:F3}, size {Size:F3}, all three {All:F3} (n = {Count})";
}
