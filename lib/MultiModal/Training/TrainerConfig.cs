namespace MultiModal.Training;

/// <summary>
/// How <see cref="Trainer"/> runs a loop. The defaults suit a 2-core CPU: a garbage collection every 25 steps
/// keeps native memory flat, and no gradient clipping unless asked for.
/// </summary>
/// <param name="Steps">Number of optimisation steps.</param>
/// <param name="ClipGradNorm">If set, the global gradient norm is clipped to this value before every optimiser step
/// (recurrent decoders such as the captioning LSTMs like 5.0).</param>
/// <param name="GcEvery">Run <c>GC.Collect()</c> every this many steps (0 = never). Measured on the course machine:
/// without a dispose scope RSS grows ~50 MB/step, with a scope ~1.3 MB/step until a collection, with scope and a
/// periodic collection it stays flat.</param>
/// <param name="Seed">If set, <see cref="Course.Seed"/> is called with it before the first step (dropout, sampling),
/// so the same seed gives the same loss curve.</param>
/// <param name="Label">Text in front of the progress bar.</param>
/// <param name="ShowProgress">Show a live <see cref="MultiModal.Display.ProgressBar"/>.</param>
/// <param name="LiveChartEvery">In a notebook, redraw a live loss chart every this many steps (0 = no live chart).</param>
/// <param name="SmoothingWindow">Steps averaged in the smoothed loss shown by the progress bar and the chart.</param>
public sealed record TrainerConfig(
    int Steps = 200,
    double? ClipGradNorm = null,
    int GcEvery = 25,
    int? Seed = null,
    string Label = "training",
    bool ShowProgress = true,
    int LiveChartEvery = 0,
    int SmoothingWindow = 20)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Steps <= 0) throw new ArgumentException($"TrainerConfig.Steps must be at least 1, got {Steps}.");
        if (ClipGradNorm is { } c && !(c > 0)) throw new ArgumentException($"TrainerConfig.ClipGradNorm must be positive (or null for no clipping), got {c}.");
        if (GcEvery < 0) throw new ArgumentException($"TrainerConfig.GcEvery must be 0 (never) or positive, got {GcEvery}.");
        if (LiveChartEvery < 0) throw new ArgumentException($"TrainerConfig.LiveChartEvery must be 0 (off) or positive, got {LiveChartEvery}.");
        if (SmoothingWindow <= 0) throw new ArgumentException($"TrainerConfig.SmoothingWindow must be at least 1, got {SmoothingWindow}.");
    }
}
