using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015), the optimiser of every network in the course, computed exactly as TorchSharp's and
/// PyTorch's <c>Adam</c> (no weight decay, no AMSGrad): for each parameter θ with gradient g at step t,
/// <code>
/// m ← β₁·m + (1 − β₁)·g                 first moment                       same shape as θ
/// v ← β₂·v + (1 − β₂)·g²                second moment                      same shape as θ
/// θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// Why the course has its own: TorchSharp's <c>optim.Adam</c> turns β₁, 1 − β₁, ε and the step size into new native
/// Scalars on every step for every parameter without keeping them alive, so a garbage collection on another thread
/// can free one while libtorch reads it (see <see cref="MultiModal.Tensors.Scalars"/>). Here the constants are
/// fields and the per-step values are disposed after the step, with the same arithmetic in the same order, so a
/// training run gives the same numbers as with <c>optim.Adam</c> (tested).
/// </summary>
public sealed class Adam : optim.Optimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _firstMoment, _secondMoment;
    private readonly Scalar _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps;
    private long _step;

    /// <summary>Adam over <paramref name="parameters"/> with PyTorch's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8).</summary>
    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : base(IntPtr.Zero)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "The learning rate must be positive and finite (e.g. 1e-3).");
        if (!(beta1 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β₁ must lie in [0, 1) (e.g. 0.9).");
        if (!(beta2 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β₂ must lie in [0, 1) (e.g. 0.999).");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "ε must be positive (e.g. 1e-8).");
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException("Adam needs at least one parameter to optimise.", nameof(parameters));
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        _beta1 = beta1.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _beta2 = beta2.ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _eps = eps.ToScalar();
        _firstMoment = new Tensor?[_parameters.Length];
        _secondMoment = new Tensor?[_parameters.Length];
    }

    /// <summary>The learning rate lr.</summary>
    public double LearningRate { get; }

    /// <summary>β₁, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <inheritdoc/>
    public override IEnumerable<Parameter> parameters() => _parameters;

    /// <summary>Sets every gradient to zero (as TorchSharp's optimisers do).</summary>
    public override void zero_grad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One Adam update of every parameter that has a gradient (the closure, if given, is evaluated first with gradients on).</summary>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
            using (enable_grad()) loss = closure();
        using (no_grad())
        using (NewDisposeScope())
        {
            _step++;
            var biasCorrection1 = 1 - Math.Pow(Beta1, _step);
            var biasCorrection2 = 1 - Math.Pow(Beta2, _step);
            using var sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
            using var negativeStepSize = (-(LearningRate / biasCorrection1)).ToScalar();
            for (var i = 0; i < _parameters.Length; i++)
            {
                var param = _parameters[i];
                var grad = param.grad;
                if (grad is null) continue;
                var m = _firstMoment[i] ??= zeros_like(param).DetachFromDisposeScope();   // same shape as θ
                var v = _secondMoment[i] ??= zeros_like(param).DetachFromDisposeScope();  // same shape as θ
                m.mul_(_beta1).add_(grad, _oneMinusBeta1);                               // m ← β₁m + (1 − β₁)g
                v.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);                     // v ← β₂v + (1 − β₂)g²
                var denominator = (v.sqrt() / sqrtBiasCorrection2).add_(_eps, One);       // √v / √(1 − β₂ᵗ) + ε
                param.addcdiv_(m, denominator, negativeStepSize);                        // θ ← θ − lr/(1 − β₁ᵗ) · m / denominator
            }
        }
        return loss!;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var t in _firstMoment.Concat(_secondMoment)) t?.Dispose();
            foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps }) s.Dispose();
        }
        base.Dispose(disposing);
    }
}
