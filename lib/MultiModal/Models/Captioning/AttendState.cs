using static TorchSharp.torch;

namespace MultiModal.Models.Captioning;

/// <summary>
/// The state of a <see cref="ShowAttendTell"/> decoder between two words.
/// </summary>
/// <param name="Pixels">(batch, numPixels, encoderDim): the image features aᵢ (fixed for the whole caption).</param>
/// <param name="ProjectedPixels">(batch, numPixels, attentionDim): W_a aᵢ, computed once per image.</param>
/// <param name="Hidden">(batch, hiddenDim): the LSTM hidden state h (h₀ is predicted from the mean feature).</param>
/// <param name="Cell">(batch, hiddenDim): the LSTM memory cell c.</param>
public sealed record AttendState(Tensor Pixels, Tensor ProjectedPixels, Tensor Hidden, Tensor Cell)
{
    /// <summary>As the flat tensor array the generic decoders reorder (sequences along dim 0).</summary>
    public Tensor[] ToArray() => [Pixels, ProjectedPixels, Hidden, Cell];

    /// <summary>From the flat tensor array of <see cref="ToArray"/>.</summary>
    public static AttendState FromArray(Tensor[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != 4) throw new ArgumentException($"A Show, Attend and Tell state has 4 tensors (pixels, projected pixels, h, c), got {state.Length}.", nameof(state));
        return new AttendState(state[0], state[1], state[2], state[3]);
    }
}
