using MultiModal.Tensors;
using MultiModal.World;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiModal.Models.Answering;

/// <summary>
/// The question stream of VQA (Antol et al. 2015, "LSTM Q"): word embeddings → an LSTM over the question's tokens → its
/// final hidden state, one fixed vector per question. Padding is skipped (packed sequences), so a question's vector
/// does not depend on how long the other questions of its batch are.
/// <code>
/// q = h_T,   (h_t, c_t) = LSTM(E[w_t], h_{t−1}, c_{t−1})
/// </code>
/// </summary>
public sealed class QuestionEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>E: one vector per question word (<see cref="Vocabulary.Questions"/>).</summary>
    public Embedding Words { get; }

    /// <summary>The LSTM over the question.</summary>
    public LSTM Lstm { get; }

    /// <summary>Size of the question vector.</summary>
    public int HiddenDim { get; }

    /// <summary>Builds the embedding and the LSTM.</summary>
    public QuestionEncoder(int vocabularySize, int embedDim, int hiddenDim) : base(nameof(QuestionEncoder))
    {
        if (vocabularySize < 5 || embedDim < 1 || hiddenDim < 1)
            throw new ArgumentException($"QuestionEncoder sizes must be positive (and the vocabulary hold more than the 4 special tokens), got vocabularySize {vocabularySize}, embedDim {embedDim}, hiddenDim {hiddenDim}.");
        HiddenDim = hiddenDim;
        Words = nn.Embedding(vocabularySize, embedDim, padding_idx: Vocabulary.PadId);
        Lstm = nn.LSTM(embedDim, hiddenDim, batchFirst: true);
        RegisterComponents();
    }

    /// <summary>Question ids (batch, maxLen) int64 and their lengths (batch,) → question vectors (batch, hiddenDim).</summary>
    public override Tensor forward(Tensor questions, Tensor lengths)
    {
        CheckQuestions(questions, lengths, Words.weight!.shape[0]);
        var vectors = Words.forward(questions);                                                        // (batch, maxLen, embedDim)
        var packed = nn.utils.rnn.pack_padded_sequence(vectors, lengths.cpu(), batch_first: true, enforce_sorted: false);
        var (_, h, _) = Lstm.call(packed);                                                             // h: (1, batch, hiddenDim)
        return h.squeeze(0);                                                                           // (batch, hiddenDim)
    }

    /// <summary>
    /// Checks a batch of question ids: (batch, maxLen) int64 ids below <paramref name="vocabularySize"/>, lengths
    /// (batch,) between 1 and maxLen. Questions are encoded with <see cref="Vocabulary.Encode"/>; an unknown word becomes
    /// &lt;unk&gt; there (a model has learned nothing about it), an empty question is just &lt;start&gt; &lt;end&gt;.
    /// </summary>
    public static void CheckQuestions(Tensor questions, Tensor lengths, long vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(lengths);
        if (questions.dim() != 2 || questions.dtype != ScalarType.Int64)
            throw new ArgumentException($"expected question ids of shape [batch, maxLen] and type Int64 (Vocabulary.Questions.EncodeBatch), got {questions.ShapeText()} {questions.dtype}.", nameof(questions));
        if (lengths.dim() != 1 || lengths.shape[0] != questions.shape[0])
            throw new ArgumentException($"expected one length per question, shape [{questions.shape[0]}], got {lengths.ShapeText()}.", nameof(lengths));
        if (questions.numel() > 0 && (questions.min().item<long>() < 0 || questions.max().item<long>() >= vocabularySize))
            throw new ArgumentException($"question ids must lie in 0 … {vocabularySize - 1} (the question vocabulary), found {questions.min().item<long>()} … {questions.max().item<long>()}.", nameof(questions));
        if (lengths.numel() > 0 && (lengths.min().item<long>() < 1 || lengths.max().item<long>() > questions.shape[1]))
            throw new ArgumentException($"question lengths must lie in 1 … {questions.shape[1]}, found {lengths.min().item<long>()} … {lengths.max().item<long>()}.", nameof(lengths));
    }
}
