namespace MultiModal.World;

/// <summary>
/// The sounds of the world (§3). Each shape has a characteristic sound and each colour sets its pitch
/// (large objects sound an octave lower); each place has an ambient sound. A clip's soundtrack is the sum of its
/// sounding objects' sounds and the place's ambience.
/// <code>
/// shape      sound                                    pitch role
/// circle     pure tone at f0                          f0
/// square     harmonic stack (f0, 2 f0, … 8 f0, 1/k)   f0 (buzzy timbre)
/// triangle   chirp rising one octave over the clip    starts at f0
/// diamond    beeps: tone at f0, 80 ms on / 45 ms off  f0
/// cross      noise bursts band-passed around 4 f0     timbre only (no pitch)
/// colour → f0 (small): red 220, orange 247, yellow 277, green 311, blue 349, purple 392, white 440 Hz
/// place → ambience: grass wind (low-passed noise), sand surf (slow swells), road hum (50/100 Hz + rumble),
///         water bubbles (short rising blips); plain: silence
/// </code>
/// <code>
/// var sounds = new WorldSounds(new SoundConfig(), seed: 1);
/// VideoClip clip = sounds.Clip(SceneRenderer.Render(scene));   // clip.Audio: 16000 samples, clip.SoundingObjects: [2]
/// </code>
/// </summary>
public sealed class WorldSounds
{
    /// <summary>Sounds for <paramref name="config"/> (validated here) and world <paramref name="seed"/>.</summary>
    public WorldSounds(SoundConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
        Seed = seed;
    }

    /// <summary>The (validated) configuration.</summary>
    public SoundConfig Config { get; }
    /// <summary>The world seed.</summary>
    public int Seed { get; }
    /// <summary>Samples per second.</summary>
    public int SampleRate => Config.SampleRate;

    /// <summary>The fundamental frequency (Hz) of an object: set by its colour, an octave lower when large.</summary>
    public static double Pitch(ObjectColor color, ObjectSize size)
    {
        double f = color switch
        {
            ObjectColor.Red => 220, ObjectColor.Orange => 247, ObjectColor.Yellow => 277, ObjectColor.Green => 311,
            ObjectColor.Blue => 349, ObjectColor.Purple => 392, ObjectColor.White => 440,
            _ => throw new ArgumentOutOfRangeException(nameof(color), color, "Unknown colour."),
        };
        return size == ObjectSize.Large ? f / 2 : f;
    }

    /// <summary>The sound of one object: <paramref name="samples"/> samples with peak <see cref="SoundConfig.ObjectLevel"/>, 10 ms fades.</summary>
    public float[] ObjectSound(ObjectShape shape, ObjectColor color, ObjectSize size, int samples, ulong noiseSeed = 0)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be at least 1.");
        var f0 = Pitch(color, size);
        var fs = (double)SampleRate;
        var y = new double[samples];
        switch (shape)
        {
            case ObjectShape.Circle:
                AddSine(y, f0, 1, fs);
                break;
            case ObjectShape.Square:
                for (var k = 1; k <= 8 && k * f0 < fs / 2; k++) AddSine(y, k * f0, 1.0 / k, fs);
                break;
            case ObjectShape.Triangle:
                // f(t) = f0 · 2^(t/T): the instantaneous frequency grows by a constant factor per sample.
                var ratio = Math.Pow(2, 1.0 / samples);
                double freq = f0, ph = 0;
                for (var n = 0; n < samples; n++)
                {
                    y[n] = Math.Sin(ph);
                    ph += 2 * Math.PI * freq / fs;
                    if (ph > 2 * Math.PI) ph -= 2 * Math.PI;
                    freq *= ratio;
                }
                break;
            case ObjectShape.Diamond:
                int on = (int)(0.080 * fs), period = (int)(0.125 * fs);
                AddSine(y, f0, 1, fs);
                for (var n = 0; n < samples; n++) if (n % period >= on) y[n] = 0;
                break;
            case ObjectShape.Cross:
                var rng = new WorldRandom(noiseSeed ^ 0xC4055UL);
                var (b0, a1, a2) = Resonator(4 * f0, 0.25 * f0, fs);
                double y1 = 0, y2 = 0;
                int burst = (int)(0.150 * fs), cycle = (int)(0.250 * fs);
                for (var n = 0; n < samples; n++)
                {
                    var x = n % cycle < burst ? rng.Uniform(-1, 1) : 0;
                    var v = b0 * x + a1 * y1 + a2 * y2;
                    y2 = y1; y1 = v; y[n] = v;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown shape.");
        }
        return Normalise(y, Config.ObjectLevel, fade: (int)(0.010 * fs));
    }

    /// <summary>The ambient sound of a place: <paramref name="samples"/> samples at RMS <see cref="SoundConfig.AmbienceLevel"/> (silence for <see cref="Place.Plain"/>).</summary>
    public float[] Ambience(Place place, int samples, ulong noiseSeed = 0)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be at least 1.");
        var fs = (double)SampleRate;
        var rng = new WorldRandom(noiseSeed ^ 0xA3B1E7UL);
        var y = new double[samples];
        double s1 = 0, s2 = 0;
        switch (place)
        {
            case Place.Plain:
                return new float[samples];
            case Place.Grass:
                var phase = rng.Uniform(0, 2 * Math.PI);
                for (var n = 0; n < samples; n++)
                {
                    s1 = 0.97 * s1 + 0.03 * rng.Uniform(-1, 1);
                    y[n] = s1 * (0.6 + 0.4 * Math.Sin(2 * Math.PI * 0.7 * n / fs + phase));
                }
                break;
            case Place.Sand:
                var swell = rng.Uniform(0, Math.PI);
                for (var n = 0; n < samples; n++)
                {
                    s1 = 0.9 * s1 + 0.1 * rng.Uniform(-1, 1);
                    var sw = Math.Sin(Math.PI * 0.8 * n / fs + swell);
                    y[n] = s1 * sw * sw;
                }
                break;
            case Place.Road:
                AddSine(y, 50, 1, fs);
                AddSine(y, 100, 0.5, fs);
                for (var n = 0; n < samples; n++)
                {
                    s1 = 0.995 * s1 + 0.005 * rng.Uniform(-1, 1);
                    y[n] += 20 * s1;
                }
                break;
            case Place.Water:
                var next = 0;
                while (next < samples)
                {
                    var len = (int)(rng.Uniform(0.02, 0.04) * fs);
                    var f = rng.Uniform(500, 1100);
                    double ph = 0;
                    for (var k = 0; k < len && next + k < samples; k++)
                    {
                        ph += 2 * Math.PI * f * (1 + 0.8 * k / len) / fs;
                        y[next + k] += Math.Sin(ph) * Math.Sin(Math.PI * k / len);
                    }
                    next += (int)(rng.Uniform(0.04, 0.12) * fs);
                }
                for (var n = 0; n < samples; n++) { s2 = 0.95 * s2 + 0.05 * rng.Uniform(-1, 1); y[n] += 2 * s2; }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(place), place, "Unknown place.");
        }
        var energy = 0.0;
        foreach (var v in y) energy += v * v;
        var rms = Math.Sqrt(energy / samples);
        var gain = rms > 0 ? Config.AmbienceLevel / rms : 0;
        return Array.ConvertAll(y, v => (float)(v * gain));
    }

    /// <summary>
    /// The clip of a rendered scene: 1 to <see cref="SoundConfig.MaxSoundingObjects"/> objects (chosen from the
    /// scene's seed) sound over the place's ambience; the sum is scaled down if its peak would exceed 0.95.
    /// </summary>
    public VideoClip Clip(RenderedScene frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var scene = frame.Scene;
        var rng = new WorldRandom(scene.Seed ^ WorldRandom.Derive(Seed, "sound", 0));
        var count = rng.Between(1, Math.Min(Config.MaxSoundingObjects, scene.Objects.Count));
        var order = Enumerable.Range(0, scene.Objects.Count).ToList();
        rng.Shuffle(order);
        var sounding = order.Take(count).OrderBy(i => i).ToArray();
        return Mix(frame, sounding, rng);
    }

    /// <summary>
    /// The same frame with the objects <paramref name="sounding"/> (indices into its scene's objects) sounding instead
    /// of the ones <see cref="Clip(RenderedScene)"/> chooses: one image, different sounds.
    /// </summary>
    public VideoClip Clip(RenderedScene frame, IReadOnlyList<int> sounding)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(sounding);
        var objects = frame.Scene.Objects.Count;
        if (sounding.Count == 0 || sounding.Any(i => i < 0 || i >= objects) || sounding.Distinct().Count() != sounding.Count)
            throw new ArgumentException($"sounding must name 1 … {objects} different objects of the scene by index 0 … {objects - 1}; got [{string.Join(", ", sounding)}].", nameof(sounding));
        var rng = new WorldRandom(frame.Scene.Seed ^ WorldRandom.Derive(Seed, "sound", 0));
        rng.Between(1, Math.Min(Config.MaxSoundingObjects, objects));                  // the draws Clip(frame) makes,
        rng.Shuffle(Enumerable.Range(0, objects).ToList());                           // so the ambience is the same
        return Mix(frame, sounding.Order().ToArray(), rng);
    }

    private VideoClip Mix(RenderedScene frame, int[] sounding, WorldRandom rng)
    {
        var scene = frame.Scene;
        var n = Config.ClipSamples;
        var mix = Ambience(scene.Place, n, rng.NextUInt64());
        foreach (var i in sounding)
        {
            var o = scene.Objects[i];
            var s = ObjectSound(o.Shape, o.Color, o.Size, n, rng.NextUInt64());
            for (var k = 0; k < n; k++) mix[k] += s[k];
        }
        var peak = 0f;
        foreach (var v in mix) peak = MathF.Max(peak, MathF.Abs(v));
        if (peak > 0.95f) { var g = 0.95f / peak; for (var k = 0; k < n; k++) mix[k] *= g; }
        return new VideoClip(frame, mix, SampleRate, sounding);
    }

    /// <summary>Coefficients of a two-pole resonator y[n] = b0·x[n] + a1·y[n−1] + a2·y[n−2] at <paramref name="freq"/> Hz with <paramref name="bandwidth"/> Hz.</summary>
    internal static (double B0, double A1, double A2) Resonator(double freq, double bandwidth, double fs)
    {
        var r = Math.Exp(-Math.PI * bandwidth / fs);
        var a1 = 2 * r * Math.Cos(2 * Math.PI * freq / fs);
        var a2 = -r * r;
        return (1 - r, a1, a2);
    }

    /// <summary>Adds amplitude · sin(2π f n / fs) to y, by rotating a unit phasor (one multiply per sample instead of a sine).</summary>
    private static void AddSine(double[] y, double freq, double amplitude, double fs)
    {
        var w = 2 * Math.PI * freq / fs;
        double cw = Math.Cos(w), sw = Math.Sin(w), re = 1, im = 0;
        for (var n = 0; n < y.Length; n++)
        {
            y[n] += amplitude * im;
            var r = re * cw - im * sw;
            im = re * sw + im * cw;
            re = r;
            // Renormalise now and then so rounding never changes the amplitude.
            if ((n & 1023) == 1023) { var g = 1 / Math.Sqrt(re * re + im * im); re *= g; im *= g; }
        }
    }

    private static float[] Normalise(double[] y, double peak, int fade)
    {
        var max = 0.0;
        foreach (var v in y) max = Math.Max(max, Math.Abs(v));
        var g = max > 0 ? peak / max : 0;
        var result = new float[y.Length];
        fade = Math.Max(1, fade);
        for (var n = 0; n < y.Length; n++)
        {
            var edge = Math.Min(n, y.Length - 1 - n);
            result[n] = (float)(y[n] * g * (edge < fade ? (double)edge / fade : 1.0));
        }
        return result;
    }
}
