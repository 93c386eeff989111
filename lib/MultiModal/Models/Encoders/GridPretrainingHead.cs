using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiModal.Tensors;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Encoders;

/// <summary>
/// Dense "pre-training" for the <see cref="ImageEncoder"/>: one linear layer applied to <b>every grid cell</b> of the
/// feature map predicts labels of that cell's image region (for example "a red object covers it", "it is grass").
/// Unlike <see cref="PretrainingHead"/>, which sees only the pooled vector, this head makes each of the 8×8 feature
/// vectors describe its own region — exactly what soft attention reads. Used by <see cref="PretrainedEncoders"/>.
/// </summary>
public sealed class GridPretrainingHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear classifier;
    private readonly Linear presence;

    /// <summary>The encoder being pre-trained (shared, not copied).</summary>
    public ImageEncoder Encoder { get; }

    /// <summary>Number of labels predicted per cell.</summary>
    public int NumLabels { get; }

    /// <summary>Puts a per-cell head with <paramref name="numLabels"/> outputs on <paramref name="encoder"/>.</summary>
    public GridPretrainingHead(ImageEncoder encoder, int numLabels) : base(nameof(GridPretrainingHead))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (numLabels <= 0) throw new ArgumentOutOfRangeException(nameof(numLabels), numLabels, "The pre-training head needs at least one label to predict.");
        Encoder = encoder;
        NumLabels = numLabels;
        classifier = nn.Linear(encoder.EncoderDim, numLabels);
        presence = nn.Linear(encoder.EncoderDim, numLabels);
        RegisterComponents();
    }

    /// <summary>Frees the head's own layers after pre-training, not the shared <see cref="Encoder"/> (which <c>Dispose</c> would free too).</summary>
    public void DisposeHead()
    {
        classifier.Dispose();
        presence.Dispose();
    }

    /// <summary>Per-cell label logits: (batch, 3, 64, 64) → (batch, numPixels, numLabels).</summary>
    public override Tensor forward(Tensor images)
    {
        var pixels = ImageEncoder.ToPixels(Encoder.forward(images));        // (batch, numPixels, encoderDim)
        return classifier.forward(pixels);                                  // (batch, numPixels, numLabels)
    }

    /// <summary>
    /// Binary cross-entropy of every cell and label against <paramref name="targets"/> (batch, numPixels, numLabels),
    /// values in [0, 1] (soft targets such as "fraction of the cell covered by a red object" are fine), plus the
    /// binary cross-entropy of a second linear layer on the <b>pooled</b> vector predicting which labels occur anywhere
    /// (target: the label's largest cell value is above 0). The second term makes the average of the grid — the one
    /// vector Show and Tell sees — say clearly which colours and shapes are in the image, not only the 8×8 map.
    /// Returns [].
    /// </summary>
    public Tensor Loss(Tensor images, Tensor targets)
    {
        var map = Encoder.forward(images);                                  // (batch, encoderDim, g, g)
        var logits = classifier.forward(ImageEncoder.ToPixels(map));        // (batch, numPixels, numLabels)
        if (!targets.shape.SequenceEqual(logits.shape))
            throw new ArgumentException($"per-cell targets must have shape {logits.ShapeText()} (batch, grid cells, labels), got {targets.ShapeText()}.", nameof(targets));
        var present = targets.amax(1).gt(Constant(0L)).to(logits.dtype);               // (batch, numLabels): occurs anywhere
        var pooledLogits = presence.forward(ImageEncoder.Pool(map));        // (batch, numLabels)
        return nn.functional.binary_cross_entropy_with_logits(logits, targets.to(logits.dtype))   // []
             .Plus(nn.functional.binary_cross_entropy_with_logits(pooledLogits, present));       // []
    }
}
