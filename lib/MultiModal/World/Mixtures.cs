namespace MultiModal.World;

/// <summary>
/// Generates speech mixtures of two different speakers of a split, each saying a caption of a scene of the
/// same split. Seeded and random-access like every world stream.
/// </summary>
public sealed class Mixtures
{
    private readonly Speakers _speakers;
    private readonly SceneGenerator _scenes;
    private readonly CaptionGrammar _grammar;

    /// <summary>Mixtures drawn from <paramref name="speakers"/>, with texts from captions of <paramref name="scenes"/>.</summary>
    public Mixtures(Speakers speakers, SceneGenerator scenes)
    {
        _speakers = speakers ?? throw new ArgumentNullException(nameof(speakers));
        _scenes = scenes ?? throw new ArgumentNullException(nameof(scenes));
        _grammar = new CaptionGrammar(scenes.Config.RelationMargin, scenes.Config.HeldOutSet);
    }

    /// <summary>Mixtures <paramref name="start"/>, <paramref name="start"/>+1, … of a split (endless when <paramref name="count"/> is null).</summary>
    public IEnumerable<Mixture> Stream(Split split, long start = 0, long? count = null)
    {
        for (var i = start; count is null || i < start + count; i++) yield return Generate(split, i);
    }

    /// <summary>Mixture <paramref name="index"/> of <paramref name="split"/>.</summary>
    public Mixture Generate(Split split, long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "index must be ≥ 0.");
        var rng = WorldRandom.For(_speakers.Seed, "mixture/" + Splits.Name(split), index);
        var n = _speakers.Count(split);
        var a = rng.Next(n);
        var b = (a + 1 + rng.Next(n - 1)) % n;
        Speaker[] who = [_speakers.Get(split, a), _speakers.Get(split, b)];
        var length = (int)Math.Round(_speakers.Config.MixtureSeconds * _speakers.Config.SampleRate);
        var texts = new string[2];
        var clean = new float[2][];
        for (var k = 0; k < 2; k++)
        {
            var scene = _scenes.Generate(split, 2 * index + k);
            texts[k] = _grammar.Generate(scene, 1)[0];
            var audio = who[k].Say(texts[k], rng.NextUInt64()).Audio;
            clean[k] = new float[length];
            // Start each talker at a random offset so the two are not aligned.
            var offset = rng.Next(Math.Max(1, length / 8));
            Array.Copy(audio, 0, clean[k], offset, Math.Min(audio.Length, length - offset));
        }
        var mix = new float[length];
        for (var t = 0; t < length; t++) mix[t] = clean[0][t] + clean[1][t];
        var peak = mix.Max(MathF.Abs);
        if (peak > 0.95f)
        {
            var g = 0.95f / peak;
            for (var t = 0; t < length; t++) { clean[0][t] *= g; clean[1][t] *= g; mix[t] = clean[0][t] + clean[1][t]; }
        }
        return new Mixture(who, texts, [who[0].Face(), who[1].Face()], clean, mix, _speakers.Config.SampleRate);
    }
}
