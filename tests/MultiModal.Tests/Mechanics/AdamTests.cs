using MultiModal.Tensors;
using MultiModal.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Mechanics;

/// <summary>The course's Adam: the same numbers as TorchSharp's, and as the paper's update written out by hand.</summary>
public class AdamTests
{
    private static nn.Module<Tensor, Tensor> Net(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 3));
    }

    private static void Train(nn.Module<Tensor, Tensor> net, optim.Optimizer optimizer, int steps)
    {
        manual_seed(11);
        var x = randn(16, 5);
        var y = randn(16, 3);
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(net.call(x), y).backward();
            optimizer.step();
        }
    }

    [Fact]
    public void Thirty_steps_give_bit_for_bit_the_parameters_of_TorchSharps_Adam()
    {
        using var theirs = Net(3);
        using var ours = Net(3);
        using (var a = optim.Adam(theirs.parameters(), 0.01)) Train(theirs, a, 30);
        using (var b = new Adam(ours.parameters(), 0.01)) Train(ours, b, 30);
        foreach (var (p, q) in theirs.parameters().Zip(ours.parameters()))
            Assert.Equal(p.ToFloats(), q.ToFloats()); // bit for bit
        using var start = Net(3);
        Assert.NotEqual(start.parameters().First().ToFloats(), ours.parameters().First().ToFloats()); // training moved them
    }

    [Fact]
    public void The_first_steps_follow_the_update_written_out_by_hand()
    {
        // θ = 1, g = 2θ (loss θ²), lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8, in float64 on plain doubles.
        var theta = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0 }, dtype: float64));
        using var adam = new Adam([theta], lr: 0.1);
        double t = 1.0, m = 0, v = 0;
        for (var step = 1; step <= 3; step++)
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            (theta * theta).sum().backward();
            adam.step();
            var g = 2 * t;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            t -= 0.1 / (1 - Math.Pow(0.9, step)) * m / (Math.Sqrt(v) / Math.Sqrt(1 - Math.Pow(0.999, step)) + 1e-8);
            Assert.Equal(t, theta.item<double>(), 12);
        }
        Assert.Equal(0.7, t, 2); // Adam's first steps move by about lr each: 1 → 0.9 → 0.8 → 0.7
    }

    [Fact]
    public void Bad_settings_name_what_was_wrong()
    {
        using var net = Net(1);
        Assert.Contains("learning rate", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(net.parameters(), lr: 0)).Message, StringComparison.Ordinal);
        Assert.Contains("β₁", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(net.parameters(), beta1: 1.0)).Message, StringComparison.Ordinal);
        Assert.Contains("at least one parameter", Assert.Throws<ArgumentException>(() => new Adam([])).Message, StringComparison.Ordinal);
    }
}
