namespace MultiModal.World;

/// <summary>How the world sounds: sample rate, clip length, how many objects sound at once and how loud the place is.</summary>
public sealed record SoundConfig
{
    /// <summary>Samples per second of every world sound (default 16 kHz).</summary>
    public int SampleRate { get; init; } = 16000;
    /// <summary>Length of a video clip's soundtrack in seconds (default 1).</summary>
    public double ClipSeconds { get; init; } = 1.0;
    /// <summary>Most objects sounding in one clip (at least 1; the actual number is uniform in 1..this, capped by the scene's objects).</summary>
    public int MaxSoundingObjects { get; init; } = 1;
    /// <summary>Peak level of one object's sound (default 0.35; the soundtrack is scaled down if the sum would exceed 0.95).</summary>
    public double ObjectLevel { get; init; } = 0.35;
    /// <summary>RMS level of the place's ambient sound (default 0.03; 0 for none).</summary>
    public double AmbienceLevel { get; init; } = 0.03;

    /// <summary>Checks every field; returns this config or throws <see cref="ArgumentException"/> naming the field.</summary>
    public SoundConfig Validate()
    {
        if (SampleRate < 4000 || SampleRate > 48000) Fail(nameof(SampleRate), $"must be between 4000 and 48000 Hz, got {SampleRate}.");
        if (!(ClipSeconds > 0) || ClipSeconds > 30) Fail(nameof(ClipSeconds), $"must be a positive duration of at most 30 s, got {ClipSeconds}.");
        if (MaxSoundingObjects < 1) Fail(nameof(MaxSoundingObjects), $"must be at least 1 (a clip needs a sounding object), got {MaxSoundingObjects}.");
        if (!(ObjectLevel > 0) || ObjectLevel > 1) Fail(nameof(ObjectLevel), $"must be in (0, 1], got {ObjectLevel}.");
        if (!(AmbienceLevel >= 0) || AmbienceLevel > 0.5) Fail(nameof(AmbienceLevel), $"must be in [0, 0.5], got {AmbienceLevel}.");
        return this;
    }

    /// <summary>Samples in one clip.</summary>
    public int ClipSamples => (int)Math.Round(ClipSeconds * SampleRate);

    private static void Fail(string field, string message) => throw new ArgumentException($"SoundConfig.{field} {message}", field);
}
