using static TorchSharp.torch;

namespace MultiModal.Models.Captioning;

/// <summary>
/// Everything one step of Show, Attend and Tell computes — the quantities of the lecture's walkthrough
/// (h_{t−1} → s_t → z_t; previous word + z_t → h_t → next word).
/// </summary>
/// <param name="Attention">s_t (batch, numPixels): where the model looks, from h_{t−1}; sums to 1.</param>
/// <param name="Context">Σᵢ s_tᵢ aᵢ (batch, encoderDim): the attended image feature.</param>
/// <param name="Gate">β_t (batch, 1): the gating scalar σ(f_β(h_{t−1})) — how much of the image to let in.</param>
/// <param name="GatedContext">z_t = β_t · Σᵢ s_tᵢ aᵢ (batch, encoderDim): what the LSTM actually receives.</param>
/// <param name="LogProbs">(batch, vocabSize): log-probabilities of the next word, from h_t, z_t and the previous word.</param>
/// <param name="Next">The state after this step (holds h_t and c_t).</param>
public sealed record AttendStep(Tensor Attention, Tensor Context, Tensor Gate, Tensor GatedContext, Tensor LogProbs, AttendState Next)
{
    /// <summary>The hidden state h_t after this step, (batch, hiddenDim).</summary>
    public Tensor Hidden => Next.Hidden;
}
