using System.Diagnostics;
using MultiModal.Audio;
using MultiModal.Models.Attention;
using MultiModal.Models.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Benchmarks;

/// <summary>
/// The experiment behind lib/MultiModal/Tensors/Scalars.cs: tensor arithmetic beside a thread that keeps collecting
/// garbage, every result compared with the same computation done before that thread started. TorchSharp's way of
/// writing it (<c>x.mul(2.0).add(y)</c>, temporaries outside a dispose scope) goes wrong within seconds — wrong sums,
/// then a crash; the library's code (rooted Scalars, a dispose scope per step) must stay exact. Runs for
/// <c>MULTIMODAL_RACE_SECONDS</c> seconds (default 20). tests/…/Platform/FinalizerRaceTests.cs runs both.
/// </summary>
public abstract class FinalizerRaceExperiment : IBenchmark
{
    public abstract string Name { get; }
    public abstract string Description { get; }

    /// <summary>One iteration's computation, reduced to doubles that must equal the first run's bit for bit.</summary>
    protected abstract double[] Compute();

    public void Run(TextWriter output)
    {
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("MULTIMODAL_RACE_SECONDS"), out var s) && s > 0 ? s : 20;
        set_num_threads(1);
        var expected = Compute();
        var stop = false;
        var collections = 0L;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) { GC.Collect(); GC.WaitForPendingFinalizers(); Interlocked.Increment(ref collections); }
        }) { IsBackground = true };
        collector.Start();
        var watch = Stopwatch.StartNew();
        long iterations = 0, wrong = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var got = Compute();
            iterations++;
            if (!got.SequenceEqual(expected))
            {
                if (wrong++ == 0)
                    output.WriteLine($"  iteration {iterations}: WRONG [{string.Join(", ", got.Select(v => v.ToString("R")))}] instead of [{string.Join(", ", expected.Select(v => v.ToString("R")))}]");
                if (wrong >= 3) break;
            }
        }
        Volatile.Write(ref stop, true);
        collector.Join();
        output.WriteLine($"  {iterations} iterations in {watch.Elapsed.TotalSeconds:F1} s beside {collections} garbage collections: {wrong} wrong");
        output.WriteLine(wrong == 0 ? "race: none seen" : "race: WRONG RESULTS");
    }
}

/// <summary>TorchSharp's idiom: implicit Scalars, temporaries left to the finaliser.</summary>
public sealed class FinalizerRaceTorchSharp : FinalizerRaceExperiment
{
    private readonly Tensor _b = rand(8, dtype: float64);

    public override string Name => "finalizer-race-torchsharp";
    public override string Description => "x.mul(2.0).add(y) beside a collecting thread: goes wrong or crashes (the cause of the rare test-host crash)";

    protected override double[] Compute() => [_b.clone().mul(2.0).add(_b.clone()).sum().item<double>()];
}

/// <summary>The library's audio, attention, loss and optimiser code as the trainer runs it: a dispose scope per step.</summary>
public sealed class FinalizerRaceLibrary : FinalizerRaceExperiment
{
    private readonly Tensor _hz = rand(64, dtype: float64) * 8000;
    private readonly Tensor _power = rand(4, 16, dtype: float64);
    private readonly Tensor _a = nn.functional.normalize(randn(6, 8), dim: 1);
    private readonly Tensor _b = nn.functional.normalize(randn(6, 8), dim: 1);
    private readonly Tensor _features = randn(2, 5, 8);
    private readonly Tensor _query = randn(2, 6);
    private readonly SoftAttention _attention = new(featureDim: 8, queryDim: 6, attentionDim: 4);
    private readonly nn.Module<Tensor, Tensor> _net = nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 3));
    private readonly Tensor _x = randn(8, 5), _y = randn(8, 3);
    private readonly Tensor[] _initial;

    public FinalizerRaceLibrary() => _initial = [.. _net.parameters().Select(p => p.detach().clone())];

    public override string Name => "finalizer-race-library";
    public override string Description => "the library's mel scale, decibels, window, contrastive loss, soft attention and Adam beside a collecting thread: must stay exact";

    protected override double[] Compute()
    {
        using var scope = NewDisposeScope();
        var mel = MelScale.HzToMel(_hz, MelScaleKind.Slaney);
        var back = MelScale.MelToHz(mel, MelScaleKind.Htk);
        var db = Decibels.FromPower(_power, new DecibelSettings(1e-10, null, 40.0));
        var window = Windows.Hann(16, periodic: true);
        var loss = ContrastiveLoss.Loss(_a, _b, 0.2, NegativeSampling.All);
        var (context, weights) = _attention.Attend(_features, _attention.ProjectFeatures(_features), _query);
        // Two training steps with the library's Adam from the same start.
        using (no_grad())
            foreach (var (p, start) in _net.parameters().Zip(_initial)) p.copy_(start);
        using (var adam = new MultiModal.Training.Adam(_net.parameters(), 0.01))
            for (var step = 0; step < 2; step++)
            {
                adam.zero_grad();
                nn.functional.mse_loss(_net.call(_x), _y).backward();
                adam.step();
            }
        return [.. new[] { mel, back, db, window, loss, context, weights }.Concat(_net.parameters()).Select(t => t.to(float64).sum().item<double>())];
    }
}
