using MultiModal.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Captioning;

public class TrainerTests
{
    private static (nn.Module<Tensor, Tensor> Model, Tensor X, Tensor Y) Problem()
    {
        var model = nn.Sequential(nn.Linear(4, 16), nn.Dropout(0.3), nn.ReLU(), nn.Linear(16, 1));
        var x = randn(64, 4);
        var y = x.sum(1, keepdim: true);
        return (model, x, y);
    }

    private static LossHistory Run(int seed)
    {
        CaptionTestData.Seed(seed);
        var (model, x, y) = Problem();
        var opt = optim.Adam(model.parameters(), 1e-2);
        return Trainer.Train(model, opt, _ => nn.functional.mse_loss(model.forward(x), y),
            new TrainerConfig(Steps: 40, ClipGradNorm: 1.0, Seed: seed + 100, ShowProgress: false, GcEvery: 10));
    }

    [Fact]
    public void Training_reduces_the_loss_and_the_same_seed_gives_the_same_curve()
    {
        using var scope = NewDisposeScope();
        var a = Run(5);
        var b = Run(5);
        var c = Run(6);
        Assert.Equal(40, a.Count);
        Assert.Equal(a.Loss, b.Loss);                                          // bit-identical (dropout seeded too)
        Assert.NotEqual(a.Loss, c.Loss);
        Assert.True(a.Recent(5) < 0.5 * a.Loss[0], $"loss {a.Loss[0]:F3} → {a.Recent(5):F3}");
    }

    [Fact]
    public void A_history_continues_and_plots()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        var opt = optim.SGD(model.parameters(), 1e-2);
        var config = new TrainerConfig(Steps: 5, ShowProgress: false);
        var history = Trainer.Train(model, opt, _ => nn.functional.mse_loss(model.forward(x), y), config);
        history.Record("validation", 5, 0.5);
        Trainer.Train(model, opt, _ => nn.functional.mse_loss(model.forward(x), y), config, history);
        Assert.Equal(10, history.Count);
        Assert.Equal(history.Loss.TakeLast(3).Average(), history.Recent(3), 12);
        Assert.Equal(new[] { 1.0, 2.0, 4.0 }, SmoothedOf([1, 3, 5], 2));
        var json = Plotly.NET.GenericChart.toJson(history.Chart());
        Assert.Contains("validation", json);
        Assert.Contains("loss (mean of 20)", json);
    }

    private static double[] SmoothedOf(double[] values, int window)
    {
        var h = new LossHistory();
        foreach (var v in values) h.Add(v);
        return h.Smoothed(window);
    }

    [Fact]
    public void Step_results_are_disposed_and_bad_losses_are_reported()
    {
        using var scope = NewDisposeScope();
        Tensor? kept = null;
        Trainer.Run(i => { kept = ones(3).sum(); return kept; }, new TrainerConfig(Steps: 2, ShowProgress: false));
        Assert.True(kept!.IsInvalid);                                           // freed by the step's dispose scope
        var e1 = Assert.Throws<InvalidOperationException>(() => Trainer.Run(_ => ones(3), new TrainerConfig(Steps: 1, ShowProgress: false)));
        Assert.Contains("one element", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => Trainer.Run(_ => tensor(double.NaN), new TrainerConfig(Steps: 1, ShowProgress: false)));
        Assert.Contains("diverged", e2.Message);
        Assert.Throws<ArgumentException>(() => Trainer.Run(_ => ones(1), new TrainerConfig(Steps: 0)));
    }
}
