namespace MultiModal.World;

/// <summary>How many speakers each split has, face size, speech sample rate and mixture length.</summary>
public sealed record SpeakerConfig
{
    /// <summary>Speakers in the train split (default 200).</summary>
    public int TrainSpeakers { get; init; } = 200;
    /// <summary>Speakers in the val split (default 30).</summary>
    public int ValSpeakers { get; init; } = 30;
    /// <summary>Speakers in the test (and held-out) split (default 30).</summary>
    public int TestSpeakers { get; init; } = 30;
    /// <summary>Face image width and height in pixels (default 64).</summary>
    public int FaceSize { get; init; } = 64;
    /// <summary>Speech sample rate (default 16 kHz).</summary>
    public int SampleRate { get; init; } = 16000;
    /// <summary>Length of a mixture in seconds; both clean tracks are cut or zero-padded to it (default 2).</summary>
    public double MixtureSeconds { get; init; } = 2.0;

    /// <summary>Checks every field; returns this config or throws <see cref="ArgumentException"/> naming the field.</summary>
    public SpeakerConfig Validate()
    {
        if (TrainSpeakers < 2) Fail(nameof(TrainSpeakers), $"must be at least 2 (mixtures need two speakers), got {TrainSpeakers}.");
        if (ValSpeakers < 2) Fail(nameof(ValSpeakers), $"must be at least 2, got {ValSpeakers}.");
        if (TestSpeakers < 2) Fail(nameof(TestSpeakers), $"must be at least 2, got {TestSpeakers}.");
        if (FaceSize < 32 || FaceSize > 256) Fail(nameof(FaceSize), $"must be between 32 and 256 pixels, got {FaceSize}.");
        if (SampleRate < 8000 || SampleRate > 48000) Fail(nameof(SampleRate), $"must be between 8000 and 48000 Hz (speech needs formants up to ~3.5 kHz), got {SampleRate}.");
        if (!(MixtureSeconds > 0) || MixtureSeconds > 30) Fail(nameof(MixtureSeconds), $"must be a positive duration of at most 30 s, got {MixtureSeconds}.");
        return this;
    }

    /// <summary>Number of speakers in a split (held-out uses the test speakers).</summary>
    public int Count(Split split) => split switch
    {
        Split.Train => TrainSpeakers,
        Split.Val => ValSpeakers,
        _ => TestSpeakers,
    };

    private static void Fail(string field, string message) => throw new ArgumentException($"SpeakerConfig.{field} {message}", field);
}
