namespace MultiModal.World;

/// <summary>
/// Source–filter speech synthesis from units (the world's stand-in for a unit-to-speech model, §3.3.2).
/// Source: a band-limited glottal pulse train at the speaker's constant pitch (harmonics up to 3.8 kHz with
/// 1/k amplitudes) plus breath noise; filter: a cascade of three formant resonators (F1–F3 of the vowel × the
/// speaker's formant scale). Each unit lasts 1 / UnitsPerSecond seconds: its consonant onset, then its vowel.
/// Words are separated by 60 ms of silence. Output peak is 0.5.
/// </summary>
public static class SpeechSynthesizer
{
    private const int TableSize = 4096;

    /// <summary>Speaks units as one word (no pauses).</summary>
    public static Utterance Synthesize(Speaker speaker, IReadOnlyList<int> units, ulong variation = 0) =>
        Synthesize(speaker, [units], variation, null);

    /// <summary>Speaks words (each a unit sequence) with short pauses between them.</summary>
    public static Utterance Synthesize(Speaker speaker, IReadOnlyList<IReadOnlyList<int>> words, ulong variation, string? text)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(words);
        foreach (var w in words)
            foreach (var u in w)
                if ((uint)u >= (uint)SpeechUnits.Count)
                    throw new ArgumentOutOfRangeException(nameof(words), u, $"unit ids go from 0 to {SpeechUnits.Count - 1}.");
        var fs = speaker.SampleRate;
        var v = speaker.Voice;
        var unitLen = (int)(fs / v.UnitsPerSecond);
        var pause = (int)(0.060 * fs);
        var total = words.Sum(w => w.Count) * unitLen + Math.Max(0, words.Count - 1) * pause + 2 * pause;
        var rng = new WorldRandom(speaker.Seed ^ (variation * 0x9E3779B97F4A7C15UL) ^ 0x5BEEC4UL);
        var table = GlottalTable(v.PitchHz, fs);
        var audio = new double[total];
        var units = new List<int>();
        var starts = new List<int>();
        var ends = new List<int>();
        var vowels = new List<int>();
        var pos = pause;
        var phase = 0.0;
        var step = v.PitchHz / fs;
        var filter = new FormantFilter();
        for (var wi = 0; wi < words.Count; wi++)
        {
            foreach (var id in words[wi])
            {
                var unit = SpeechUnits.All[id];
                var onset = OnsetLength(unit.Consonant, fs);
                units.Add(id); starts.Add(pos); ends.Add(pos + unitLen); vowels.Add(pos + onset);
                var (f1, f2, f3) = SpeechUnits.Formants(unit.Vowel);
                var s = v.FormantScale;
                for (var n = 0; n < unitLen; n++)
                {
                    // The glottal source runs continuously so the pitch period never jumps.
                    var glottal = Lookup(table, phase);
                    phase += step;
                    if (phase >= 1) phase -= 1;
                    var noise = rng.Uniform(-1, 1);
                    var source = (1 - v.Breathiness) * glottal + v.Breathiness * 0.5 * noise;
                    double x;
                    if (n < onset) x = Onset(unit.Consonant, n, onset, source, noise, filter, s, fs);
                    else
                    {
                        filter.Set(f1 * s, f2 * s, f3 * s, fs);
                        x = filter.Process(source);
                    }
                    var env = Math.Min(1.0, Math.Min(n, unitLen - 1 - n) / (0.008 * fs));
                    audio[pos + n] = x * env;
                }
                pos += unitLen;
            }
            pos += wi < words.Count - 1 ? pause : 0;
        }
        var peak = audio.Max(Math.Abs);
        var g = peak > 0 ? 0.5 / peak : 0;
        return new Utterance(Array.ConvertAll(audio, a => (float)(a * g)), fs, units, starts, ends, vowels, text, speaker);
    }

    private static int OnsetLength(char consonant, int fs) => consonant switch
    {
        'b' => (int)(0.040 * fs),
        'd' => (int)(0.035 * fs),
        'k' => (int)(0.060 * fs),
        's' => (int)(0.090 * fs),
        'm' => (int)(0.070 * fs),
        'l' => (int)(0.060 * fs),
        _ => 0,
    };

    private static double Onset(char consonant, int n, int length, double voiced, double noise, FormantFilter filter, double scale, int fs)
    {
        switch (consonant)
        {
            case 'b': // voice bar then a weak low burst
                filter.Set(250 * scale, 700 * scale, 2200 * scale, fs);
                return n < length - (int)(0.010 * fs) ? 0.3 * filter.Process(voiced) : filter.Process(0.7 * voiced + 0.6 * noise);
            case 'd': // short silence then a high burst
                filter.Set(3500, 4200, 5000, fs, noise: true);
                return n < length / 3 ? 0 : 10 * filter.Process(noise);
            case 'k': // longer silence then a mid burst
                filter.Set(1800, 2500, 3300, fs, noise: true);
                return n < length / 2 ? 0 : 10 * filter.Process(noise);
            case 's': // hiss
                filter.Set(5000, 5800, 6500, fs, noise: true);
                return 7 * filter.Process(noise);
            case 'm': // nasal murmur
                filter.Set(250 * scale, 1000 * scale, 2200 * scale, fs);
                return 0.5 * filter.Process(voiced);
            case 'l': // voiced glide
                filter.Set(360 * scale, 1000 * scale, 2600 * scale, fs);
                return 0.8 * filter.Process(voiced);
            default:
                return 0;
        }
    }

    private static double[] GlottalTable(double f0, int fs)
    {
        var table = new double[TableSize + 1];
        var harmonics = Math.Max(1, (int)(Math.Min(3800, 0.45 * fs) / f0));
        for (var k = 1; k <= harmonics; k++)
            for (var i = 0; i <= TableSize; i++)
                table[i] += Math.Sin(2 * Math.PI * k * i / TableSize) / k;
        return table;
    }

    private static double Lookup(double[] table, double phase)
    {
        var p = phase * TableSize;
        var i = (int)p;
        return table[i] + (p - i) * (table[i + 1] - table[i]);
    }

    /// <summary>Three cascaded two-pole resonators with unity gain at 0 Hz; state carries across units.</summary>
    private sealed class FormantFilter
    {
        private readonly double[] _b = new double[3], _a1 = new double[3], _a2 = new double[3], _y1 = new double[3], _y2 = new double[3];
        private readonly double[] _freqs = new double[3];
        private int _fs;
        private bool _noise;

        /// <summary>
        /// Voiced sounds: narrow formants with unity gain at 0 Hz (Klatt's cascade, natural formant levels).
        /// Noise sounds (bursts, hiss): wide bands with unity gain at their centre, so high bands are not boosted.
        /// </summary>
        public void Set(double f1, double f2, double f3, int fs, bool noise = false)
        {
            if (_freqs[0] == f1 && _freqs[1] == f2 && _freqs[2] == f3 && _fs == fs && _noise == noise) return;
            _fs = fs;
            _noise = noise;
            double[] fr = [f1, f2, f3], bw = noise ? [900, 1100, 1300] : [70, 100, 150];
            for (var k = 0; k < 3; k++)
            {
                _freqs[k] = fr[k];
                var f = Math.Min(fr[k], 0.45 * fs);
                var r = Math.Exp(-Math.PI * bw[k] / fs);
                _a1[k] = 2 * r * Math.Cos(2 * Math.PI * f / fs);
                _a2[k] = -r * r;
                // Peak gain of 1 at the centre: |1 − a1 e^{−iw} − a2 e^{−2iw}| at w = 2πf/fs.
                var w = 2 * Math.PI * f / fs;
                var re = 1 - _a1[k] * Math.Cos(w) - _a2[k] * Math.Cos(2 * w);
                var im = _a1[k] * Math.Sin(w) + _a2[k] * Math.Sin(2 * w);
                _b[k] = noise ? Math.Sqrt(re * re + im * im) : 1 - _a1[k] - _a2[k];
            }
        }

        public double Process(double x)
        {
            for (var k = 0; k < 3; k++)
            {
                var y = _b[k] * x + _a1[k] * _y1[k] + _a2[k] * _y2[k];
                _y2[k] = _y1[k]; _y1[k] = y; x = y;
            }
            return x;
        }
    }
}
