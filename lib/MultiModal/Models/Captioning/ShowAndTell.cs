using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;

namespace MultiModal.Models.Captioning;

/// <summary>
/// Show and Tell (Vinyals et al., 2015): the CNN squeezes the image into <b>one vector</b>, which is fed to an LSTM
/// as its very first input; then the LSTM reads the caption word by word and predicts the next word each time.
/// <code>
/// x₋₁ = W_img · CNN(I)          the image, once, at t = −1
/// xₜ  = W_e · Sₜ                 word embeddings, S₀ = &lt;start&gt;
/// pₜ₊₁ = softmax(W_o · LSTM(xₜ)) the next-word distribution
/// </code>
/// Training uses teacher forcing (the LSTM reads the ground-truth previous word, not its own guess); decoding is
/// greedy or beam search (<see cref="CaptionModel"/>).
/// </summary>
public sealed class ShowAndTell : CaptionModel
{
    private readonly Linear imageProjection;
    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly Dropout dropout;
    private readonly Linear output;

    /// <summary>The sizes this model was built with.</summary>
    public ShowAndTellConfig Config { get; }

    /// <summary>Builds the decoder on top of <paramref name="encoder"/> (frozen unless <see cref="ShowAndTellConfig.FineTuneEncoder"/>).</summary>
    public ShowAndTell(ImageEncoder encoder, ShowAndTellConfig config)
        : base(nameof(ShowAndTell), encoder, config)
    {
        Config = config;
        imageProjection = nn.Linear(encoder.EncoderDim, config.EmbedDim);
        embedding = nn.Embedding(config.VocabSize, config.EmbedDim);
        lstm = nn.LSTM(config.EmbedDim, config.HiddenDim, batchFirst: true);
        dropout = nn.Dropout(config.Dropout);
        output = nn.Linear(config.HiddenDim, config.VocabSize);
        RegisterComponents();
    }

    /// <summary>The image as the LSTM's first input: pooled features → (batch, embedDim).</summary>
    /// <param name="features">(batch, encoderDim, gridSize, gridSize).</param>
    public Tensor ImageInput(Tensor features)
    {
        var pooled = ImageEncoder.Pool(features);                              // (batch, encoderDim)
        return imageProjection.forward(pooled);                               // (batch, embedDim)
    }

    /// <inheritdoc />
    public override TeacherForcingOutput TeacherForcing(Tensor features, Tensor tokens)
    {
        var image = ImageInput(features).unsqueeze(1);                        // (batch, 1, embedDim)
        var words = embedding.forward(tokens[.., ..^1]);                      // (batch, T-1, embedDim): <start>, w1 … (last token is never an input)
        var inputs = cat([image, words], 1);                                  // (batch, T, embedDim)
        var (hidden, _, _) = lstm.forward(inputs);                            // (batch, T, hiddenDim)
        var afterWords = hidden[.., 1..];                                     // (batch, T-1, hiddenDim): outputs after reading each word
        var logits = output.forward(dropout.forward(afterWords));             // (batch, T-1, vocabSize)
        return new TeacherForcingOutput(logits, null);
    }

    /// <summary>State after the image was fed in: [h (batch, hiddenDim), c (batch, hiddenDim)].</summary>
    public override Tensor[] InitialState(Tensor features)
    {
        var image = ImageInput(features).unsqueeze(1);                        // (batch, 1, embedDim)
        var (_, h, c) = lstm.forward(image);                                  // h, c: (1, batch, hiddenDim)
        return [h.squeeze(0), c.squeeze(0)];                                  // (batch, hiddenDim) each
    }

    /// <inheritdoc />
    public override DecoderStepOutput DecodeStep(Tensor previousTokens, Tensor[] state)
    {
        var x = embedding.forward(previousTokens).unsqueeze(1);              // (batch, 1, embedDim)
        var (hidden, h, c) = lstm.forward(x, (state[0].unsqueeze(0), state[1].unsqueeze(0))); // hidden (batch, 1, hiddenDim); h, c (1, batch, hiddenDim)
        var logits = output.forward(dropout.forward(hidden.squeeze(1)));      // (batch, vocabSize)
        var logProbs = nn.functional.log_softmax(logits, 1);                  // (batch, vocabSize)
        return new DecoderStepOutput(logProbs, [h.squeeze(0), c.squeeze(0)], null);
    }
}
