using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.World;

/// <summary>
/// The pixels of a scene and its exact per-object masks. Objects are drawn flat (no anti-aliasing, no
/// overlap), so a pixel belongs to object <c>i</c> exactly when <c>Instances[y * size + x] == i + 1</c>, and then
/// it has exactly the colour <see cref="Attributes.Rgb"/> of that object.
/// </summary>
public sealed class RenderedScene
{
    internal RenderedScene(Scene scene, byte[] pixels, byte[] instances)
    {
        Scene = scene;
        Pixels = pixels;
        Instances = instances;
    }

    /// <summary>The ground truth that was drawn.</summary>
    public Scene Scene { get; }
    /// <summary>Width and height in pixels.</summary>
    public int Size => Scene.ImageSize;
    /// <summary>RGB bytes, row-major, shape [size, size, 3].</summary>
    public byte[] Pixels { get; }
    /// <summary>Instance map, shape [size, size]: 0 for background, <c>i + 1</c> for object <c>i</c>.</summary>
    public byte[] Instances { get; }

    /// <summary>The mask of object <paramref name="objectIndex"/>: row-major, shape [size, size], true on its pixels.</summary>
    public bool[] Mask(int objectIndex)
    {
        if ((uint)objectIndex >= (uint)Scene.Objects.Count)
            throw new ArgumentOutOfRangeException(nameof(objectIndex), objectIndex, $"the scene has {Scene.Objects.Count} objects (indices 0..{Scene.Objects.Count - 1}).");
        var id = (byte)(objectIndex + 1);
        return Array.ConvertAll(Instances, v => v == id);
    }

    /// <summary>The image as an ImageSharp image (renders as PNG in a notebook).</summary>
    public Image<Rgb24> ToImage() => Image.LoadPixelData<Rgb24>(Pixels, Size, Size);

    /// <summary>Distinct colours used to show instance masks (object i gets entry i mod 8).</summary>
    public static IReadOnlyList<(byte R, byte G, byte B)> MaskPalette { get; } =
        [(255, 99, 71), (60, 180, 255), (255, 215, 0), (186, 85, 211), (50, 205, 50), (255, 140, 200), (0, 206, 209), (240, 240, 240)];

    /// <summary>
    /// The ground truth as a picture: each object's mask filled with its own <see cref="MaskPalette"/> colour and its
    /// box outlined one pixel outside the mask in the same colour, on a darkened copy of the background.
    /// </summary>
    public Image<Rgb24> ToMaskImage()
    {
        var canvas = new Canvas(Size, Size);
        for (var i = 0; i < Instances.Length; i++)
        {
            var id = Instances[i];
            var c = id == 0 ? ((byte)(Pixels[3 * i] / 4), (byte)(Pixels[3 * i + 1] / 4), (byte)(Pixels[3 * i + 2] / 4)) : MaskPalette[(id - 1) % MaskPalette.Count];
            canvas.Set(i % Size, i / Size, c);
        }
        foreach (var o in Scene.Objects)
        {
            var rgb = MaskPalette[o.Index % MaskPalette.Count];
            for (var x = o.Box.X0 - 1; x <= o.Box.X1 + 1; x++) { canvas.Set(x, o.Box.Y0 - 1, rgb); canvas.Set(x, o.Box.Y1 + 1, rgb); }
            for (var y = o.Box.Y0 - 1; y <= o.Box.Y1 + 1; y++) { canvas.Set(o.Box.X0 - 1, y, rgb); canvas.Set(o.Box.X1 + 1, y, rgb); }
        }
        return canvas.ToImage();
    }

    /// <summary>The image as a float32 tensor in [0, 1], shape [3, size, size].</summary>
    public Tensor ToTensor() => OwnedTensors.FromFloats(Canvas.ToChw(Pixels, Size, Size), [3, Size, Size]);

    /// <summary>All object masks as a float32 tensor of 0/1, shape [objects, size, size].</summary>
    public Tensor MasksTensor()
    {
        var n = Scene.Objects.Count;
        var data = new float[n * Instances.Length];
        for (var i = 0; i < Instances.Length; i++)
            if (Instances[i] > 0) data[(Instances[i] - 1) * Instances.Length + i] = 1f;
        return OwnedTensors.FromFloats(data, [n, Size, Size]);
    }
}
