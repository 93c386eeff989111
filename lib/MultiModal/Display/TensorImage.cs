using MultiModal.Tensors;
using MultiModal.World;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Display;

/// <summary>
/// Image tensors as pictures: one (3, H, W) RGB image in [0, 1] as an ImageSharp image, and a batch (n, 3, H, W) as a
/// grid with white gutters (<see cref="WorldSamples.Grid"/>) — for generated images, which have no scene behind them.
/// Values outside [0, 1] are clamped; NaN is refused (a diverged model's output should not look like a dark picture).
/// </summary>
public static class TensorImage
{
    /// <summary>A (3, H, W) image in [0, 1] as a picture.</summary>
    public static Image<Rgb24> ToImage(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() != 3 || image.shape[0] != 3 || image.shape[1] == 0 || image.shape[2] == 0)
            throw new ArgumentException($"expected one RGB image of shape (3, H, W) in [0, 1], got {image.ShapeText()}; for a batch use Grid.", nameof(image));
        using var scope = NewDisposeScope();
        var x = image.detach().to(float32);                                           // (3, H, W)
        if (!x.isfinite().all().item<bool>())
            throw new ArgumentException("the image contains NaN or infinite values; it cannot be drawn.", nameof(image));
        var bytes = x.clamp(Constant(0.0), Constant(1.0)).mul(Constant(255.0)).round()  // (3, H, W) in 0…255
            .to(ScalarType.Byte).permute(1, 2, 0).contiguous();                      // (H, W, 3)
        return Image.LoadPixelData<Rgb24>(bytes.data<byte>().ToArray(), (int)image.shape[2], (int)image.shape[1]);
    }

    /// <summary>A batch (n, 3, H, W) in [0, 1] as a grid of <paramref name="columns"/> columns, each image scaled by <paramref name="scale"/>.</summary>
    public static Image<Rgb24> Grid(Tensor images, int columns = 8, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[0] == 0)
            throw new ArgumentException($"expected a batch of RGB images of shape (n, 3, H, W), got {images.ShapeText()}.", nameof(images));
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be at least 1.");
        var tiles = new List<Image>();
        for (long i = 0; i < images.shape[0]; i++)
        {
            using var one = images[i];
            tiles.Add(ToImage(one));
        }
        return WorldSamples.Grid(tiles, columns, scale);
    }
}
