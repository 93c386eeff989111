using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;
using MultiModal.Tensors;
using MultiModal.Training;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Captioning;

/// <summary>
/// What every captioning model of the course shares: an <see cref="ImageEncoder"/> (frozen or fine-tuned), the special
/// tokens, teacher-forced training with cross-entropy that ignores padding, and greedy / beam-search decoding with
/// input checks. A model only supplies <see cref="TeacherForcing"/>, <see cref="InitialState"/> and
/// <see cref="DecodeStep"/>.
/// <para>Token tensors are int64 (batch, length) and start with <see cref="SpecialTokens.Start"/>; they end with
/// <see cref="SpecialTokens.End"/> followed by <see cref="SpecialTokens.Pad"/> up to the batch's longest caption.</para>
/// </summary>
public abstract class CaptionModel : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The image encoder.</summary>
    public ImageEncoder Encoder { get; }

    /// <summary>Number of tokens in the vocabulary (words and special tokens).</summary>
    public int VocabSize { get; }

    /// <summary>Start, end and pad token ids.</summary>
    public SpecialTokens Tokens { get; }

    /// <summary>True if the encoder's weights are trained with the decoder; false (default) keeps the pre-trained encoder frozen.</summary>
    public bool FineTuneEncoder { get; }

    /// <summary>Validates <paramref name="config"/>, sets up the shared parts and freezes the encoder unless the config fine-tunes it.</summary>
    protected CaptionModel(string name, ImageEncoder encoder, ICaptionModelConfig config) : base(name)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Encoder = encoder;
        VocabSize = config.VocabSize;
        Tokens = config.Tokens;
        FineTuneEncoder = config.FineTuneEncoder;
        foreach (var p in encoder.parameters()) p.requires_grad = FineTuneEncoder;
    }

    /// <summary>
    /// Runs the encoder (without gradients when it is frozen).
    /// </summary>
    /// <param name="images">(batch, 3, 64, 64) float32 in [0, 1]; checked, with a message naming the expected shape.</param>
    /// <returns>(batch, encoderDim, gridSize, gridSize).</returns>
    public Tensor Encode(Tensor images)
    {
        Encoder.CheckImages(images, GetName());
        if (FineTuneEncoder) return Encoder.forward(images);                  // (batch, encoderDim, g, g)
        using var _ = no_grad();
        return Encoder.forward(images);                                       // (batch, encoderDim, g, g)
    }

    /// <summary>Teacher forcing on images: logits (batch, length − 1, vocabSize) predicting tokens[:, 1:].</summary>
    public override Tensor forward(Tensor images, Tensor tokens) => TeacherForcing(Encode(images), tokens).Logits;

    /// <summary>
    /// Teacher forcing on encoded images (from <see cref="Encode"/>; with a frozen encoder they can be computed once
    /// for the whole training set).
    /// </summary>
    /// <param name="features">(batch, encoderDim, gridSize, gridSize).</param>
    /// <param name="tokens">(batch, length) int64 ground-truth captions.</param>
    public abstract TeacherForcingOutput TeacherForcing(Tensor features, Tensor tokens);

    /// <summary>The decoder state after seeing the image, before the start token: every tensor (batch, ...).</summary>
    /// <param name="features">(batch, encoderDim, gridSize, gridSize).</param>
    public abstract Tensor[] InitialState(Tensor features);

    /// <summary>One decoding step: previous tokens (batch) and state → next-token log-probabilities (batch, vocabSize).</summary>
    public abstract DecoderStepOutput DecodeStep(Tensor previousTokens, Tensor[] state);

    /// <summary>Training loss on images: see <see cref="LossFromFeatures"/>.</summary>
    public Tensor Loss(Tensor images, Tensor tokens) => LossFromFeatures(Encode(images), tokens);

    /// <summary>
    /// Training loss on encoded images: mean cross-entropy of every next-token prediction, ignoring padding, plus
    /// <see cref="Regularizer"/>. Returns a scalar (shape []).
    /// </summary>
    public Tensor LossFromFeatures(Tensor features, Tensor tokens)
    {
        CheckUnsupervisedLoss();
        CheckTokens(tokens, features.shape[0]);
        return Loss(TeacherForcing(features, tokens), tokens);               // []
    }

    /// <summary>The loss of <see cref="LossFromFeatures"/> from an already computed teacher-forcing output.</summary>
    protected Tensor Loss(TeacherForcingOutput output, Tensor tokens)
    {
        var targets = tokens[.., 1..];                                        // (batch, T-1)
        var crossEntropy = nn.functional.cross_entropy(
            output.Logits.reshape(-1, VocabSize),                             // (batch·(T-1), vocab)
            targets.reshape(-1),                                              // (batch·(T-1))
            ignore_index: Tokens.Pad);                                        // []
        return crossEntropy.Plus(Regularizer(output, targets));                   // []
    }

    /// <summary>
    /// Throws when the model's config asks for a loss term that <see cref="LossFromFeatures(Tensor, Tensor)"/> cannot
    /// compute (default: never), so that no setting is silently ignored.
    /// </summary>
    protected virtual void CheckUnsupervisedLoss() { }

    /// <summary>An extra loss term (default none); Show, Attend and Tell adds its doubly stochastic attention penalty.</summary>
    /// <param name="output">The teacher-forcing output.</param>
    /// <param name="targets">(batch, T-1) the tokens being predicted (padding marks steps to ignore).</param>
    protected virtual Tensor Regularizer(TeacherForcingOutput output, Tensor targets) => zeros(1, dtype: output.Logits.dtype, device: output.Logits.device).squeeze(); // []

    /// <summary>
    /// Greedy captions for a batch of images (inside an <see cref="EvalScope"/>: no gradients, dropout off, the training
    /// mode restored afterwards).
    /// </summary>
    /// <param name="images">(batch, 3, 64, 64), or one image (3, 64, 64).</param>
    /// <param name="maxLength">Maximum number of generated tokens.</param>
    public Caption[] Greedy(Tensor images, int maxLength = 20)
    {
        CheckMaxLength(maxLength);
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        return KeepAttention(GreedyFromFeatures(Encode(AsBatch(images)), maxLength));
    }

    /// <summary>
    /// Greedy captions from encoded images (<see cref="Encode"/>, or cached features), inside an <see cref="EvalScope"/>.
    /// </summary>
    /// <param name="features">(batch, encoderDim, gridSize, gridSize).</param>
    /// <param name="maxLength">Maximum number of generated tokens.</param>
    public Caption[] GreedyFromFeatures(Tensor features, int maxLength = 20)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckMaxLength(maxLength);
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        return KeepAttention(GreedyDecoder.Decode(DecodeStep, InitialState(features), Tokens, maxLength));
    }

    /// <summary>
    /// Beam search for one image: every complete caption found, best first (inside an <see cref="EvalScope"/>).
    /// </summary>
    /// <param name="image">(3, 64, 64) or (1, 3, 64, 64).</param>
    /// <param name="beamWidth">Number of beams, at least 1 (1 = greedy).</param>
    /// <param name="maxLength">Maximum number of generated tokens.</param>
    /// <param name="lengthPenalty">See <see cref="Decoding.BeamSearch.Decode"/>.</param>
    public IReadOnlyList<Caption> BeamSearch(Tensor image, int beamWidth = 3, int maxLength = 20, double lengthPenalty = 0.0)
    {
        CheckBeamWidth(beamWidth);
        CheckMaxLength(maxLength);
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        var batch = AsBatch(image);                                            // (1, 3, 64, 64)
        if (batch.shape[0] != 1)
            throw new ArgumentException($"Beam search captions one image at a time: expected shape [3, {Encoder.Config.ImageSize}, {Encoder.Config.ImageSize}] or [1, 3, …], got {image.ShapeText()}. Loop over the images.", nameof(image));
        return KeepAttention(BeamSearchFromFeatures(Encode(batch), beamWidth, maxLength, lengthPenalty));
    }

    /// <summary>
    /// Beam search from one encoded image (1, encoderDim, gridSize, gridSize): every complete caption, best first
    /// (inside an <see cref="EvalScope"/>).
    /// </summary>
    public IReadOnlyList<Caption> BeamSearchFromFeatures(Tensor features, int beamWidth = 3, int maxLength = 20, double lengthPenalty = 0.0)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckBeamWidth(beamWidth);
        CheckMaxLength(maxLength);
        if (features.dim() != 4 || features.shape[0] != 1)
            throw new ArgumentException($"Beam search decodes one image at a time: expected features of shape [1, encoderDim, g, g], got {features.ShapeText()}.", nameof(features));
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        return KeepAttention(Decoding.BeamSearch.Decode(DecodeStep, InitialState(features), Tokens, beamWidth, maxLength, lengthPenalty));
    }

    /// <summary>The best caption of <see cref="BeamSearch"/>.</summary>
    public Caption Beam(Tensor image, int beamWidth = 3, int maxLength = 20, double lengthPenalty = 0.0)
    {
        var captions = BeamSearch(image, beamWidth, maxLength, lengthPenalty);
        foreach (var other in captions.Skip(1)) other.Attention?.Dispose();   // only the best one is returned: its attention is the caller's
        return captions[0];
    }

    /// <summary>
    /// Checks a batch of token ids: int64, shape (batch, length ≥ 2), ids inside the vocabulary, starting with the start token.
    /// </summary>
    public void CheckTokens(Tensor tokens, long batch)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var got = tokens.ShapeText();
        if (tokens.dim() != 2 || tokens.shape[0] != batch || tokens.shape[1] < 2)
            throw new ArgumentException($"{GetName()}: expected captions of shape [{batch}, length ≥ 2] (start token, words, end token, padding), got {got}.", nameof(tokens));
        if (tokens.dtype != int64)
            throw new ArgumentException($"{GetName()}: expected int64 token ids, got {tokens.dtype}.", nameof(tokens));
        using var _ = no_grad();
        var min = tokens.min().item<long>();
        var max = tokens.max().item<long>();
        if (min < 0 || max >= VocabSize)
            throw new ArgumentException($"{GetName()}: token ids must lie in 0 … {VocabSize - 1} (vocabulary size {VocabSize}), found ids from {min} to {max}.", nameof(tokens));
        if (!tokens[.., 0].eq(Constant(Tokens.Start)).all().item<bool>())
            throw new ArgumentException($"{GetName()}: every caption must begin with the start token (id {Tokens.Start}).", nameof(tokens));
    }

    private Tensor AsBatch(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.dim() == 3 ? images.unsqueeze(0) : images;              // (batch, 3, 64, 64)
    }

    /// <summary>All parameters that are trained (the encoder's only when <see cref="FineTuneEncoder"/>): pass them to the optimiser.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad);

    // The captions' attention maps are the only tensors that leave the decoding scope.
    private static T KeepAttention<T>(T captions) where T : IReadOnlyList<Caption>
    {
        foreach (var c in captions) c.Attention?.MoveToOuterDisposeScope();
        return captions;
    }

    private static void CheckMaxLength(int maxLength)
    {
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be at least 1 token.");
    }

    private static void CheckBeamWidth(int beamWidth)
    {
        if (beamWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(beamWidth), beamWidth, $"Beam width must be at least 1 (1 = greedy decoding), got {beamWidth}.");
    }
}
