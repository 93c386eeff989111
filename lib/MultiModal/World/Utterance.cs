namespace MultiModal.World;

/// <summary>Speech by one speaker with its ground-truth unit alignment.</summary>
/// <param name="Audio">Mono samples in [-1, 1] (peak 0.5).</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Units">The spoken unit ids, in order.</param>
/// <param name="UnitStarts">Sample index where each unit starts (same length as <see cref="Units"/>).</param>
/// <param name="UnitEnds">Sample index just after each unit ends.</param>
/// <param name="VowelStarts">Sample index where each unit's vowel starts (steady voiced part until <see cref="UnitEnds"/>).</param>
/// <param name="Text">The text spoken, when known.</param>
/// <param name="Speaker">Who spoke.</param>
public sealed record Utterance(float[] Audio, int SampleRate, IReadOnlyList<int> Units, IReadOnlyList<int> UnitStarts,
    IReadOnlyList<int> UnitEnds, IReadOnlyList<int> VowelStarts, string? Text, Speaker Speaker)
{
    /// <summary>Duration in seconds.</summary>
    public double Seconds => (double)Audio.Length / SampleRate;
}
