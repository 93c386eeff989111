using MultiModal.Models.Encoders;
using MultiModal.World;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiModal.Models.Answering;

/// <summary>
/// The bias baselines of VQA (Antol et al. 2015 §6; Goyal et al. 2017): a model that answers from the <b>question
/// only</b> (<see cref="VqaBaseline.QuestionOnly"/>: LSTM → MLP, it never sees the image) or from the <b>image only</b>
/// (<see cref="VqaBaseline.ImageOnly"/>: pooled features → MLP, it never reads the question). What they score is what
/// the data gives away without looking (or without listening): the answer priors of each kind of question.
/// </summary>
public sealed class BlindVqa : VqaModel
{
    /// <summary>The question stream (question-only model), null for the image-only model.</summary>
    public QuestionEncoder? Question { get; }

    /// <summary>The answer classifier.</summary>
    public Sequential Answer { get; }

    /// <summary>Which input the model sees.</summary>
    public VqaBaseline Baseline { get; }

    /// <summary>Builds the baseline.</summary>
    public BlindVqa(VqaBaseline baseline, int encoderDim, VqaConfig? config = null) : base(nameof(BlindVqa), encoderDim, config)
    {
        if (!Enum.IsDefined(baseline)) throw new ArgumentOutOfRangeException(nameof(baseline), baseline, "baseline must be QuestionOnly or ImageOnly.");
        Baseline = baseline;
        if (baseline == VqaBaseline.QuestionOnly) Question = new QuestionEncoder(Vocabulary.Questions.Count, Config.EmbedDim, Config.QuestionDim);
        Answer = Classifier(baseline == VqaBaseline.QuestionOnly ? Config.QuestionDim : encoderDim, Config.ClassifierDim);
        RegisterComponents();
    }

    /// <inheritdoc />
    protected override Tensor Logits(Tensor features, Tensor questions, Tensor lengths) => Baseline == VqaBaseline.QuestionOnly
        ? Answer.forward(Question!.forward(questions, lengths))                                  // (batch, answers), the image unused
        : Answer.forward(ImageEncoder.Pool(features));                                           // (batch, answers), the question unused
}

/// <summary>Which single input a <see cref="BlindVqa"/> baseline sees.</summary>
public enum VqaBaseline
{
    /// <summary>The question, never the image.</summary>
    QuestionOnly,
    /// <summary>The image, never the question.</summary>
    ImageOnly,
}
