using static TorchSharp.torch;

namespace MultiModal.Models.Captioning;

/// <summary>What a captioning model computes for a batch of ground-truth captions under teacher forcing.</summary>
/// <param name="Logits">(batch, length − 1, vocabSize): the prediction of token t+1 after reading tokens 0 … t.</param>
/// <param name="Attention">(batch, length − 1, numPixels): attention weights of every step (attention models), or null.</param>
public readonly record struct TeacherForcingOutput(Tensor Logits, Tensor? Attention);
