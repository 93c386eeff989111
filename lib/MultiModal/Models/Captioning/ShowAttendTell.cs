using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiModal.Models.Attention;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;
using MultiModal.Models.Losses;
using MultiModal.Tensors;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Captioning;

/// <summary>
/// Show, Attend and Tell with soft attention (Xu et al., 2015). The CNN keeps its <b>spatial feature map</b>
/// (8×8 positions aᵢ for our 64×64 images; 14×14 in the paper); before every word the LSTM's previous hidden state
/// decides where to look:
/// <code>
/// h₀, c₀ = tanh(init_h(mean aᵢ)), tanh(init_c(mean aᵢ))
/// s_t   = softmax_i(w · tanh(W_a aᵢ + W_h h_{t−1}))     attention over positions    (SoftAttention)
/// β_t   = σ(f_β(h_{t−1}))                              the gating scalar
/// z_t   = β_t · Σᵢ s_tᵢ aᵢ                              the (gated) context vector
/// h_t, c_t = LSTM([E y_{t−1}; z_t], (h_{t−1}, c_{t−1}))
/// p(y_t) = softmax(L_o(E y_{t−1} + L_h h_t + L_z z_t))  the paper's "deep output" (eq. 7)
/// </code>
/// The walkthrough of the lecture is <see cref="Begin"/> then <see cref="Step"/> repeatedly: start token + z₁ → first
/// word; h₁ → s₂ → z₂ → next word … Training adds the doubly stochastic regularisation λ·mean_i (1 − Σ_t s_tᵢ)²,
/// which pushes the model to look at every part of the image at some point of the caption.
/// </summary>
public sealed class ShowAttendTell : CaptionModel
{
    private readonly Embedding embedding;
    private readonly Linear initHidden;
    private readonly Linear initCell;
    private readonly Linear gate;
    private readonly LSTMCell lstm;
    private readonly Linear hiddenToOutput;
    private readonly Linear contextToOutput;
    private readonly Dropout dropout;
    private readonly Linear output;
    private readonly Tensor? coordinates;

    /// <summary>The soft attention module (exposed so notebooks and exercises can call it on its own).</summary>
    public SoftAttention Attention { get; }

    /// <summary>The sizes this model was built with.</summary>
    public ShowAttendTellConfig Config { get; }

    /// <summary>Builds the decoder on top of <paramref name="encoder"/> (frozen unless <see cref="ShowAttendTellConfig.FineTuneEncoder"/>).</summary>
    public ShowAttendTell(ImageEncoder encoder, ShowAttendTellConfig config)
        : base(nameof(ShowAttendTell), encoder, config)
    {
        Config = config;
        var d = encoder.EncoderDim + (config.CoordinateChannels ? 2 : 0);   // feature size of every aᵢ
        coordinates = config.CoordinateChannels ? Coordinates(encoder.GridSize) : null;
        Attention = new SoftAttention(d, config.HiddenDim, config.AttentionDim);
        embedding = nn.Embedding(config.VocabSize, config.EmbedDim);
        initHidden = nn.Linear(d, config.HiddenDim);
        initCell = nn.Linear(d, config.HiddenDim);
        gate = nn.Linear(config.HiddenDim, 1);
        lstm = nn.LSTMCell(config.EmbedDim + d, config.HiddenDim);
        hiddenToOutput = nn.Linear(config.HiddenDim, config.EmbedDim);
        contextToOutput = nn.Linear(d, config.EmbedDim);
        dropout = nn.Dropout(config.Dropout);
        output = nn.Linear(config.EmbedDim, config.VocabSize);
        RegisterComponents();
    }

    /// <summary>
    /// Starts a caption for a batch of images: encodes them and predicts h₀, c₀ from the mean feature.
    /// </summary>
    /// <param name="images">(batch, 3, 64, 64), or one image (3, 64, 64).</param>
    public AttendState Begin(Tensor images) =>
        BeginFromFeatures(Encode(images.dim() == 3 ? images.unsqueeze(0) : images));

    /// <summary>
    /// The (x, y) coordinates of every grid cell's centre, row-major like <see cref="ImageEncoder.ToPixels"/>, scaled to
    /// [−1, 1] (x grows to the right, y downwards): (numPixels, 2).
    /// </summary>
    public static Tensor Coordinates(int gridSize)
    {
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "gridSize must be at least 1.");
        var values = new float[gridSize * gridSize * 2];
        for (var r = 0; r < gridSize; r++)
            for (var c = 0; c < gridSize; c++)
            {
                values[(r * gridSize + c) * 2] = gridSize == 1 ? 0 : 2f * c / (gridSize - 1) - 1;      // x
                values[(r * gridSize + c) * 2 + 1] = gridSize == 1 ? 0 : 2f * r / (gridSize - 1) - 1;  // y
            }
        return OwnedTensors.FromFloats(values, [gridSize * gridSize, 2]);     // (numPixels, 2)
    }

    /// <summary>
    /// The positions aᵢ the decoder attends over: the feature map flattened to (batch, numPixels, encoderDim), with the
    /// cell coordinates appended when <see cref="ShowAttendTellConfig.CoordinateChannels"/> is on (encoderDim + 2).
    /// </summary>
    public Tensor Positions(Tensor features)
    {
        var pixels = ImageEncoder.ToPixels(features);                        // (batch, numPixels, encoderDim)
        if (coordinates is null) return pixels;
        if (pixels.shape[1] != coordinates.shape[0])
            throw new ArgumentException($"expected a {Encoder.GridSize}×{Encoder.GridSize} feature map (the encoder's grid), got {features.ShapeText()}.", nameof(features));
        var xy = coordinates.to(pixels.dtype, pixels.device).unsqueeze(0).expand(pixels.shape[0], -1, -1); // (batch, numPixels, 2)
        return cat([pixels, xy], 2);                                          // (batch, numPixels, encoderDim + 2)
    }

    /// <summary><see cref="Begin"/> on encoded images (batch, encoderDim, gridSize, gridSize).</summary>
    public AttendState BeginFromFeatures(Tensor features)
    {
        var pixels = Positions(features);                                     // (batch, numPixels, d): d = encoderDim (+ 2 coordinates)
        var mean = pixels.mean([1L]);                                         // (batch, d)
        var h0 = tanh(initHidden.forward(mean));                              // (batch, hiddenDim)
        var c0 = tanh(initCell.forward(mean));                                // (batch, hiddenDim)
        return new AttendState(pixels, Attention.ProjectFeatures(pixels), h0, c0);
    }

    /// <summary>
    /// One step of the walkthrough: look (s_t from h_{t−1}), gather (z_t), update the LSTM with the previous word and
    /// z_t, and predict the next word.
    /// </summary>
    /// <param name="state">The state from <see cref="Begin"/> or the previous step's <see cref="AttendStep.Next"/>.</param>
    /// <param name="previousTokens">(batch) int64: the previous word of each caption (the start token at first).</param>
    public AttendStep Step(AttendState state, Tensor previousTokens)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (context, weights) = Attention.Attend(state.Pixels, state.ProjectedPixels, state.Hidden); // (batch, d), (batch, numPixels)
        var beta = sigmoid(gate.forward(state.Hidden));                      // (batch, 1)
        var gated = beta * context;                                           // (batch, d)
        var word = embedding.forward(previousTokens);                        // (batch, embedDim)
        var (h, c) = lstm.forward(cat([word, gated], 1), (state.Hidden, state.Cell)); // (batch, hiddenDim) each
        var deep = word.Plus(hiddenToOutput.forward(h)).Plus(contextToOutput.forward(gated)); // (batch, embedDim)
        var logits = output.forward(dropout.forward(deep));                   // (batch, vocabSize)
        var logProbs = nn.functional.log_softmax(logits, 1);                  // (batch, vocabSize)
        return new AttendStep(weights, context, beta, gated, logProbs, state with { Hidden = h, Cell = c });
    }

    /// <inheritdoc />
    public override TeacherForcingOutput TeacherForcing(Tensor features, Tensor tokens)
    {
        var state = BeginFromFeatures(features);
        var steps = tokens.shape[1] - 1;
        var logProbs = new List<Tensor>();
        var attention = new List<Tensor>();
        for (var t = 0; t < steps; t++)
        {
            var step = Step(state, tokens[.., t]);                            // reads the true word t, predicts word t+1
            logProbs.Add(step.LogProbs);                                      // (batch, vocabSize)
            attention.Add(step.Attention);                                    // (batch, numPixels)
            state = step.Next;
        }
        // log-softmax outputs are valid logits for cross-entropy (softmax of log p is p).
        return new TeacherForcingOutput(stack(logProbs, 1), stack(attention, 1)); // (batch, T-1, vocabSize), (batch, T-1, numPixels)
    }

    /// <summary>
    /// Doubly stochastic attention: λ · mean over images and positions of (1 − Σ_t s_tᵢ)², summing only over the steps
    /// that predict a real token (not padding).
    /// </summary>
    protected override Tensor Regularizer(TeacherForcingOutput output, Tensor targets)
    {
        if (Config.DoublyStochasticWeight == 0 || output.Attention is null) return base.Regularizer(output, targets);
        var mask = targets.ne(Constant(Tokens.Pad)).to(output.Attention.dtype).unsqueeze(2); // (batch, T-1, 1)
        var total = (output.Attention * mask).sum(1);                        // (batch, numPixels): Σ_t s_tᵢ
        return total.SubtractedFrom(1.0).pow(Constant(2L)).mean() * Constant(Config.DoublyStochasticWeight); // []
    }

    /// <summary>
    /// The training loss with supervised attention: cross-entropy + doubly stochastic penalty (as
    /// <see cref="CaptionModel.LossFromFeatures(Tensor, Tensor)"/>) plus
    /// <see cref="ShowAttendTellConfig.AttentionSupervisionWeight"/> · <see cref="AttentionSupervision.Loss"/>
    /// (Liu et al. 2017). Only for a model configured with a positive weight (the targets would otherwise be ignored).
    /// Returns a scalar.
    /// </summary>
    /// <param name="features">(batch, encoderDim, g, g) encoded images.</param>
    /// <param name="tokens">(batch, T) captions.</param>
    /// <param name="attentionTargets">(batch, T-1, g²) ground-truth attention per predicted word (e.g. from
    /// <see cref="EncodedScenes.BatchWithAttentionTargets"/>).</param>
    public Tensor LossFromFeatures(Tensor features, Tensor tokens, Tensor attentionTargets)
    {
        ArgumentNullException.ThrowIfNull(attentionTargets);
        if (Config.AttentionSupervisionWeight == 0)
            throw new InvalidOperationException("Attention targets were given, but ShowAttendTellConfig.AttentionSupervisionWeight is 0, so they would be ignored. " +
                "Build the model with AttentionSupervisionWeight > 0 (e.g. 1.0) to supervise its attention, or call LossFromFeatures(features, tokens) for the paper's unsupervised loss.");
        CheckTokens(tokens, features.shape[0]);
        var output = TeacherForcing(features, tokens);                        // Logits (batch, T-1, vocab), Attention (batch, T-1, g²)
        return Loss(output, tokens)                                           // []
             .Plus(AttentionSupervision.Loss(output.Attention!, attentionTargets) * Constant(Config.AttentionSupervisionWeight)); // []
    }

    /// <summary>
    /// Rejects the target-free loss paths for a model configured with supervised attention: its
    /// <see cref="ShowAttendTellConfig.AttentionSupervisionWeight"/> would silently do nothing there.
    /// </summary>
    protected override void CheckUnsupervisedLoss()
    {
        if (Config.AttentionSupervisionWeight > 0)
            throw new InvalidOperationException($"This model has ShowAttendTellConfig.AttentionSupervisionWeight = {Config.AttentionSupervisionWeight}, which needs the ground-truth attention of every word: " +
                "call LossFromFeatures(features, tokens, attentionTargets) with the targets of EncodedScenes.BatchWithAttentionTargets, or build the model with AttentionSupervisionWeight = 0.");
    }

    /// <inheritdoc />
    public override Tensor[] InitialState(Tensor features) => BeginFromFeatures(features).ToArray();

    /// <inheritdoc />
    public override DecoderStepOutput DecodeStep(Tensor previousTokens, Tensor[] state)
    {
        var step = Step(AttendState.FromArray(state), previousTokens);
        return new DecoderStepOutput(step.LogProbs, step.Next.ToArray(), step.Attention); // (batch, vocab), state, (batch, numPixels)
    }
}
