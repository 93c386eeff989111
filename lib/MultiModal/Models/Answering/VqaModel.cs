using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiModal.Models.Answering;

/// <summary>
/// What every VQA model of the course shares: VQA as <b>classification</b> over the world's one-word answers
/// (<see cref="QuestionGenerator.Answers"/>), trained with cross-entropy end to end (the image encoder stays frozen:
/// its features are the input). A model supplies <see cref="Logits"/>; checks, loss, prediction and evaluation are here.
/// </summary>
public abstract class VqaModel : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    /// <summary>Registers the model under <paramref name="name"/>.</summary>
    protected VqaModel(string name, int encoderDim, VqaConfig? config) : base(name)
    {
        if (encoderDim < 1) throw new ArgumentOutOfRangeException(nameof(encoderDim), encoderDim, "encoderDim must be at least 1 (the image encoder's channels).");
        Config = config ?? new VqaConfig();
        Config.Validate();
        EncoderDim = encoderDim;
    }

    /// <summary>The sizes.</summary>
    public VqaConfig Config { get; }

    /// <summary>Channels of the image features the model expects.</summary>
    public int EncoderDim { get; }

    /// <summary>Number of answer classes.</summary>
    public static int NumAnswers => QuestionGenerator.Answers.Count;

    /// <summary>
    /// Answer scores: feature maps (batch, encoderDim, g, g), question ids (batch, maxLen) and lengths (batch,) →
    /// logits (batch, <see cref="NumAnswers"/>).
    /// </summary>
    public override Tensor forward(Tensor features, Tensor questions, Tensor lengths)
    {
        CheckInputs(features, questions, lengths);
        return Logits(features, questions, lengths);                                                     // (batch, answers)
    }

    /// <summary>
    /// Checks a batch: feature maps (batch, <see cref="EncoderDim"/>, g, g) float32, question ids and lengths as
    /// <see cref="QuestionEncoder.CheckQuestions"/> wants them, and one question per image.
    /// </summary>
    protected void CheckInputs(Tensor features, Tensor questions, Tensor lengths)
    {
        CheckFeatures(features);
        QuestionEncoder.CheckQuestions(questions, lengths, Vocabulary.Questions.Count);
        if (questions.shape[0] != features.shape[0])
            throw new ArgumentException($"expected one question per image, got {features.shape[0]} feature maps and {questions.shape[0]} questions.", nameof(questions));
    }

    /// <summary>The model's answer scores (inputs already checked): (batch, encoderDim, g, g), (batch, maxLen), (batch,) → (batch, answers).</summary>
    protected abstract Tensor Logits(Tensor features, Tensor questions, Tensor lengths);

    /// <summary>Mean cross-entropy of the right answers (batch,) int64: a scalar.</summary>
    public Tensor Loss(Tensor features, Tensor questions, Tensor lengths, Tensor answers) =>
        nn.functional.cross_entropy(forward(features, questions, lengths), answers);                    // []

    /// <summary>
    /// Answers every row of <paramref name="data"/> (evaluation mode, no gradients, <paramref name="chunk"/> rows at a time)
    /// and returns the predicted answer class of each row.
    /// </summary>
    public int[] Predict(AnsweredScenes data, int chunk = 512)
    {
        ArgumentNullException.ThrowIfNull(data);
        var predicted = new int[data.Count];
        using (EvalScope.Of(this))
            for (var from = 0; from < data.Count; from += chunk)
            {
                using var scope = NewDisposeScope();
                var rows = Enumerable.Range(from, Math.Min(chunk, data.Count - from)).Select(i => (long)i).ToArray();
                var (f, q, l, _) = data.Take(rows);
                var best = forward(f, q, l).argmax(1).data<long>().ToArray();                               // (n,)
                for (var i = 0; i < best.Length; i++) predicted[from + i] = (int)best[i];
            }
        return predicted;
    }

    /// <summary>Accuracy on every row of <paramref name="data"/>, overall and by question type (<see cref="VqaEvaluation"/>).</summary>
    public VqaEvaluation Evaluate(AnsweredScenes data) => VqaEvaluation.Of(data, Predict(data));

    // Image features: (batch, EncoderDim, g, g) float32.
    private void CheckFeatures(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 4 || features.shape[1] != EncoderDim || features.shape[2] != features.shape[3] || features.dtype != ScalarType.Float32)
            throw new ArgumentException($"expected image features of shape [batch, {EncoderDim}, g, g] (float32, the pre-trained encoder's feature maps), got {features.ShapeText()} {features.dtype}. " +
                                        "Encode 64×64 images with the course's ImageEncoder (AnsweredScenes does it).", nameof(features));
    }

    /// <summary>The answer classifier every model ends with: an MLP inputDim → classifierDim → answers.</summary>
    protected static Sequential Classifier(int inputDim, int classifierDim) =>
        nn.Sequential(nn.Linear(inputDim, classifierDim), nn.ReLU(), nn.Linear(classifierDim, NumAnswers));
}
