using static TorchSharp.torch;

namespace MultiModal.Models.Decoding;

/// <summary>
/// What one decoding step returns: the next-token log-probabilities, the new recurrent state and (attention models)
/// where the model looked.
/// </summary>
/// <param name="LogProbs">(beams, vocabSize): log-probabilities of the next token for every sequence.</param>
/// <param name="State">The new state; every tensor has the sequences along dim 0, so beam search can reorder them.</param>
/// <param name="Attention">(beams, numPixels) attention weights used at this step, or null.</param>
public readonly record struct DecoderStepOutput(Tensor LogProbs, Tensor[] State, Tensor? Attention);

/// <summary>
/// One step of an autoregressive decoder: from the previous tokens, shape (beams), and the state (tensors with the
/// sequences along dim 0) to the next-token distribution. <see cref="GreedyDecoder"/> and <see cref="BeamSearch"/>
/// work on any function of this shape, so they can be tested on hand-made distributions.
/// </summary>
public delegate DecoderStepOutput DecoderStep(Tensor previousTokens, Tensor[] state);
