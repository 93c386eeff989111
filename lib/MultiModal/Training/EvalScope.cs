using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Training;

/// <summary>
/// "Evaluate without changing the model": puts a module in evaluation mode (dropout off) and turns gradients off until
/// disposed, then restores the mode it and every submodule had (a frozen encoder kept in evaluation mode inside a
/// training model stays so) — also when the code inside throws. Every evaluation in the library
/// (decoding, scoring, encoding a dataset) runs inside one.
/// <code>
/// using (EvalScope.Of(model)) { var captions = model.Greedy(images); }   // model.training is as before afterwards
/// </code>
/// </summary>
public sealed class EvalScope : IDisposable
{
    private readonly (nn.Module Module, bool Training)[] _modes;
    private readonly IDisposable _noGrad;
    private bool _disposed;

    private EvalScope(nn.Module module)
    {
        _modes = [(module, module.training), .. module.modules().Select(m => (m, m.training))];   // every submodule's own mode
        module.eval();
        _noGrad = no_grad();
    }

    /// <summary>Starts evaluating <paramref name="module"/>: evaluation mode and no gradients until disposed.</summary>
    public static EvalScope Of(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new EvalScope(module);
    }

    /// <summary>Turns gradients back on and restores the module's previous mode.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _noGrad.Dispose();
        foreach (var (m, training) in _modes) m.train(training);
    }
}
