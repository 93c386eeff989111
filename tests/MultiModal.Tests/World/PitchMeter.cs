namespace MultiModal.Tests.World;

/// <summary>Independent pitch measurement: normalised autocorrelation, first peak within 95% of the best, parabolic interpolation.</summary>
internal static class PitchMeter
{
    public static double Estimate(ReadOnlySpan<float> x, int sampleRate, double minHz = 60, double maxHz = 900)
    {
        int minLag = (int)(sampleRate / maxHz), maxLag = (int)(sampleRate / minHz);
        var n = x.Length - maxLag - 1;
        if (n < maxLag) throw new ArgumentException("segment too short for the lag range");
        var r = new double[maxLag + 2];
        for (var lag = minLag - 1; lag <= maxLag + 1; lag++)
        {
            double num = 0, e0 = 0, e1 = 0;
            for (var i = 0; i < n; i++) { num += x[i] * x[i + lag]; e0 += x[i] * x[i]; e1 += x[i + lag] * x[i + lag]; }
            r[lag] = num / Math.Sqrt(e0 * e1 + 1e-12);
        }
        var best = r.Skip(minLag).Take(maxLag - minLag + 1).Max();
        for (var lag = minLag; lag <= maxLag; lag++)
            if (r[lag] >= 0.95 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1])
            {
                var d = (r[lag - 1] - r[lag + 1]) / (2 * (r[lag - 1] - 2 * r[lag] + r[lag + 1]));
                return sampleRate / (lag + (double.IsFinite(d) ? d : 0));
            }
        throw new InvalidOperationException("no periodicity found");
    }
}
