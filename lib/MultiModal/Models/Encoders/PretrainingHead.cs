using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Models.Encoders;

/// <summary>
/// "Pre-training" for the <see cref="ImageEncoder"/> on the course's own data, standing in for the ImageNet
/// pre-training of the papers: a linear layer on the pooled image vector predicts labels of the scene (for example
/// one bit per object attribute such as "red", "circle", "left"). After training, keep <see cref="Encoder"/>,
/// save it with <see cref="ImageEncoder.Save"/> and drop the head.
/// </summary>
public sealed class PretrainingHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear classifier;

    /// <summary>The encoder being pre-trained (shared, not copied).</summary>
    public ImageEncoder Encoder { get; }

    /// <summary>Number of labels predicted.</summary>
    public int NumLabels { get; }

    /// <summary>Puts a head with <paramref name="numLabels"/> outputs on <paramref name="encoder"/>.</summary>
    public PretrainingHead(ImageEncoder encoder, int numLabels) : base(nameof(PretrainingHead))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (numLabels <= 0) throw new ArgumentOutOfRangeException(nameof(numLabels), numLabels, "The pre-training head needs at least one label to predict.");
        Encoder = encoder;
        NumLabels = numLabels;
        classifier = nn.Linear(encoder.EncoderDim, numLabels);
        RegisterComponents();
    }

    /// <summary>Label logits for a batch of images: (batch, 3, 64, 64) → (batch, numLabels).</summary>
    public override Tensor forward(Tensor images)
    {
        var pooled = Encoder.EncodePooled(images);                          // (batch, encoderDim)
        return classifier.forward(pooled);                                  // (batch, numLabels)
    }

    /// <summary>
    /// The pre-training loss. Multi-label targets (float 0/1, shape (batch, numLabels)) use binary cross-entropy per
    /// label; class ids (int64, shape (batch)) use softmax cross-entropy.
    /// </summary>
    public Tensor Loss(Tensor images, Tensor targets)
    {
        var logits = forward(images);                                       // (batch, numLabels)
        if (targets.dtype == int64)
        {
            if (targets.dim() != 1 || targets.shape[0] != logits.shape[0])
                throw new ArgumentException($"class-id targets must have shape [{logits.shape[0]}], got {targets.ShapeText()}.", nameof(targets));
            return nn.functional.cross_entropy(logits, targets);            // []
        }
        if (!targets.shape.SequenceEqual(logits.shape))
            throw new ArgumentException($"multi-label targets must have shape [{logits.shape[0]}, {NumLabels}] (0/1 floats), got {targets.ShapeText()}.", nameof(targets));
        return nn.functional.binary_cross_entropy_with_logits(logits, targets.to(logits.dtype)); // []
    }
}
