using MultiModal.Models.Encoders;
using MultiModal.World;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiModal.Models.Answering;

/// <summary>
/// The lecture's VQA model (Antol et al. 2015, "deeper LSTM Q + norm I"): the image stream (the pre-trained CNN's
/// feature map pooled to one vector) and the question stream (<see cref="QuestionEncoder"/>) are each mapped to the same
/// fusion space and fused by <b>point-wise multiplication</b>, then an MLP classifies the answer.
/// <code>
/// i = tanh(W_i · mean(a))          image vector, a the 8×8 features      (batch, fusionDim)
/// q = tanh(W_q · LSTM(question))   question vector                         (batch, fusionDim)
/// p(answer) = softmax(MLP(i ⊙ q))  every image dimension gated by the question
/// </code>
/// The paper L2-normalises the image vector; our features come from a fixed encoder with bounded activations, so the
/// tanh projection plays that role.
/// </summary>
public sealed class PointwiseFusionVqa : VqaModel
{
    /// <summary>The question stream.</summary>
    public QuestionEncoder Question { get; }

    /// <summary>W_i: the pooled image feature into the fusion space.</summary>
    public Linear ImageProjection { get; }

    /// <summary>W_q: the question vector into the fusion space.</summary>
    public Linear QuestionProjection { get; }

    /// <summary>The answer classifier over i ⊙ q.</summary>
    public Sequential Answer { get; }

    /// <summary>Builds the model for image features with <paramref name="encoderDim"/> channels.</summary>
    public PointwiseFusionVqa(int encoderDim, VqaConfig? config = null) : base(nameof(PointwiseFusionVqa), encoderDim, config)
    {
        Question = new QuestionEncoder(Vocabulary.Questions.Count, Config.EmbedDim, Config.QuestionDim);
        ImageProjection = nn.Linear(encoderDim, Config.FusionDim);
        QuestionProjection = nn.Linear(Config.QuestionDim, Config.FusionDim);
        Answer = Classifier(Config.FusionDim, Config.ClassifierDim);
        RegisterComponents();
    }

    /// <summary>The two streams and their fusion: (batch, fusionDim) each.</summary>
    public (Tensor Image, Tensor Question, Tensor Fused) Fuse(Tensor features, Tensor questions, Tensor lengths)
    {
        var i = tanh(ImageProjection.forward(ImageEncoder.Pool(features)));                    // (batch, fusionDim)
        var q = tanh(QuestionProjection.forward(Question.forward(questions, lengths)));         // (batch, fusionDim)
        return (i, q, i * q);                                                                     // point-wise product (batch, fusionDim)
    }

    /// <inheritdoc />
    protected override Tensor Logits(Tensor features, Tensor questions, Tensor lengths) =>
        Answer.forward(Fuse(features, questions, lengths).Fused);                                // (batch, answers)
}
