namespace MultiModal.World;

/// <summary>
/// The world's own random number generator (SplitMix64): tiny, fast and bit-for-bit identical on every
/// platform and .NET version, so the same seed always produces the same world. Every item of the world gets its
/// own generator derived from (world seed, stream, index), which makes generation random-access and streaming.
/// </summary>
internal sealed class WorldRandom
{
    private ulong _state;

    /// <summary>A generator started from <paramref name="seed"/>.</summary>
    public WorldRandom(ulong seed) => _state = seed;

    /// <summary>A generator for item <paramref name="index"/> of stream <paramref name="stream"/> of the world <paramref name="seed"/>.</summary>
    public static WorldRandom For(int seed, string stream, long index) => new(Derive(seed, stream, index));

    /// <summary>Mixes a seed, a stream name and an index into one 64-bit seed.</summary>
    public static ulong Derive(int seed, string stream, long index)
    {
        var h = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        foreach (var c in stream) h = Mix(h ^ c);
        return Mix(h ^ (ulong)index);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, max).</summary>
    public int Next(int max)
    {
        if (max <= 0) throw new ArgumentOutOfRangeException(nameof(max), max, "max must be positive.");
        return (int)((NextUInt64() >> 33) % (ulong)max);
    }

    /// <summary>Uniform integer in [lo, hi] (both inclusive).</summary>
    public int Between(int lo, int hi) => lo + Next(hi - lo + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box–Muller).</summary>
    public double Gaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>One element chosen uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
