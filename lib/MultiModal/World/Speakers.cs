namespace MultiModal.World;

/// <summary>
/// The speakers of the world (§3.3.1 Speech2Face, §3.4.2 separation): a fixed, seeded population per split
/// (held-out uses the test speakers). How factors become a voice:
/// <code>
/// pitch   = 100 Hz · 2.1^(1 − masculinity) · (1 − 0.1·age) · (1 + 0.06·noise)     ≈ 85 … 230 Hz
/// formant = 1 + 0.2·(0.5 − masculinity) − 0.06·(build − 0.5) + 0.03·noise          ≈ 0.85 … 1.15
/// rate    = 3.6 + 2·energy − 0.6·age units/s
/// </code>
/// Masculinity is bimodal; build correlates with masculinity. Face-only factors (skin tone, hair hue) and
/// voice-only factors (energy, breathiness, the noise terms) keep voice → face from being a 1:1 code.
/// </summary>
public sealed class Speakers
{
    /// <summary>The speakers of <paramref name="config"/> (validated here) for world <paramref name="seed"/>.</summary>
    public Speakers(SpeakerConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
        Seed = seed;
    }

    /// <summary>The (validated) configuration.</summary>
    public SpeakerConfig Config { get; }
    /// <summary>The world seed.</summary>
    public int Seed { get; }

    /// <summary>Number of speakers in a split.</summary>
    public int Count(Split split) => Config.Count(split);

    /// <summary>All speakers of a split, in index order.</summary>
    public IEnumerable<Speaker> All(Split split)
    {
        for (var i = 0; i < Count(split); i++) yield return Get(split, i);
    }

    /// <summary>Speaker <paramref name="index"/> of <paramref name="split"/>.</summary>
    public Speaker Get(Split split, int index)
    {
        if (index < 0 || index >= Count(split))
            throw new ArgumentOutOfRangeException(nameof(index), index, $"split {Splits.Name(split)} has {Count(split)} speakers (indices 0..{Count(split) - 1}).");
        var owner = split == Split.HeldOut ? Split.Test : split;
        var seed = WorldRandom.Derive(Seed, "speaker/" + Splits.Name(owner), index);
        var rng = new WorldRandom(seed);
        var m = Math.Clamp((rng.Chance(0.5) ? 0.78 : 0.22) + 0.1 * rng.Gaussian(), 0, 1);
        var age = rng.NextDouble();
        var build = Math.Clamp(0.5 + 0.5 * (m - 0.5) + 0.18 * rng.Gaussian(), 0, 1);
        var factors = new SpeakerFactors(m, age, build, rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), rng.NextDouble());
        var pitch = 100 * Math.Pow(2.1, 1 - m) * (1 - 0.1 * age) * (1 + 0.06 * rng.Gaussian());
        var formant = 1 + 0.2 * (0.5 - m) - 0.06 * (build - 0.5) + 0.03 * rng.Gaussian();
        var rate = 3.6 + 2 * factors.Energy - 0.6 * age;
        var voice = new Voice(Math.Clamp(pitch, 75, 300), Math.Clamp(formant, 0.8, 1.2), rate, 0.3 * factors.Breathiness);
        return new Speaker(owner, index, seed, factors, voice, Config.FaceSize, Config.SampleRate);
    }
}
