using System.Globalization;
using MultiModal.Display;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Training;

/// <summary>
/// The course's one training loop. Every notebook trains through it so memory, progress and plotting behave
/// the same everywhere:
/// <list type="bullet">
/// <item>each step runs inside its own <c>torch.NewDisposeScope()</c>, so every tensor the step creates is freed
/// when the step ends — only the loss <em>value</em> (a <c>double</c>) leaves the scope;</item>
/// <item>every <see cref="TrainerConfig.GcEvery"/> steps a <c>GC.Collect()</c> frees the small managed handles that
/// still keep native memory alive, so RSS stays flat over thousands of steps;</item>
/// <item>a live <see cref="ProgressBar"/> shows the smoothed loss, and a <see cref="LossHistory"/> keeps every
/// loss for a Plotly curve.</item>
/// </list>
/// </summary>
/// <example><code>
/// var history = Trainer.Train(model, optimizer, step =&gt; model.Loss(images, tokens), new TrainerConfig(Steps: 300, ClipGradNorm: 5));
/// history.Chart()
/// </code></example>
public static class Trainer
{
    /// <summary>
    /// Standard supervised training: for every step, zero the gradients, compute <paramref name="lossOfStep"/>
    /// (a scalar tensor; the argument is the 0-based step index), back-propagate, optionally clip the gradient
    /// norm, and take an optimiser step. Sets <paramref name="model"/> to training mode first.
    /// </summary>
    /// <param name="model">The module whose parameters are clipped (and put in training mode).</param>
    /// <param name="optimizer">Optimiser over the trainable parameters.</param>
    /// <param name="lossOfStep">Builds the loss of step i: a scalar tensor (shape []).</param>
    /// <param name="config">Steps, clipping, GC, seed, progress; defaults if null.</param>
    /// <param name="history">An existing history to continue (step numbers continue); a new one if null.</param>
    /// <returns>The history with one loss per step.</returns>
    public static LossHistory Train(nn.Module model, optim.Optimizer optimizer, Func<int, Tensor> lossOfStep,
        TrainerConfig? config = null, LossHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(lossOfStep);
        config ??= new TrainerConfig();
        var parameters = model.parameters().Where(p => p.requires_grad).ToArray();
        if (parameters.Length == 0)
            throw new ArgumentException("The model has no trainable parameters (all have requires_grad = false): there is nothing to train.", nameof(model));
        model.train();
        return Run(step =>
        {
            optimizer.zero_grad();
            var loss = lossOfStep(step);                                    // []
            loss.backward();
            if (config.ClipGradNorm is { } maxNorm) nn.utils.clip_grad_norm_(parameters, maxNorm);
            optimizer.step();
            return loss;
        }, config, history, clipping: true);
    }

    /// <summary>
    /// The bare loop, for steps that do their own optimisation (e.g. a GAN with two optimisers): calls
    /// <paramref name="step"/> once per step inside a dispose scope and records the scalar tensor it returns.
    /// </summary>
    /// <param name="step">Does one step and returns the loss to record: a tensor with one element.</param>
    /// <param name="config">Steps, GC, seed, progress; defaults if null. <see cref="TrainerConfig.ClipGradNorm"/> must be
    /// null here: the step does its own optimisation, so clip inside it (<c>nn.utils.clip_grad_norm_</c>).</param>
    /// <param name="history">An existing history to continue; a new one if null.</param>
    public static LossHistory Run(Func<int, Tensor> step, TrainerConfig? config = null, LossHistory? history = null) =>
        Run(step, config, history, clipping: false);

    // clipping: the caller's step clips with config.ClipGradNorm (Train does), so the setting takes effect.
    private static LossHistory Run(Func<int, Tensor> step, TrainerConfig? config, LossHistory? history, bool clipping)
    {
        ArgumentNullException.ThrowIfNull(step);
        config ??= new TrainerConfig();
        config.Validate();
        if (config.ClipGradNorm is { } clip && !clipping)
            throw new ArgumentException($"TrainerConfig.ClipGradNorm = {clip} has no effect in Trainer.Run, whose step does its own optimisation: clip the gradients inside the step " +
                "(nn.utils.clip_grad_norm_(parameters, max)) and leave ClipGradNorm null, or train with Trainer.Train, which clips for you.", nameof(config));
        history ??= new LossHistory();
        if (config.Seed is { } seed) Course.Seed(seed);
        using var bar = config.ShowProgress ? new ProgressBar(config.Steps, config.Label) : null;
        DisplayHandle? live = null;
        if (config.LiveChartEvery > 0 && NotebookHost.InKernel)
        {
            // plotly.js goes in an output of its own when no chart carried it yet: the live chart's updates replace its output.
            if (!Charts.LoaderSent) NotebookHost.Display(new Microsoft.AspNetCore.Html.HtmlString(Charts.Loader()), "text/html");
            live = NotebookHost.Display(new Microsoft.AspNetCore.Html.HtmlString("<i>the loss curve appears after the first steps…</i>"), "text/html");
        }
        for (var i = 0; i < config.Steps; i++)
        {
            double value;
            using (NewDisposeScope())
            {
                var loss = step(i);                                        // [] (or [1])
                if (loss.numel() != 1)
                    throw new InvalidOperationException($"The training step must return the loss as a tensor with one element, got shape {loss.ShapeText()}. Did you forget .mean()?");
                value = loss.detach().to(float64).item<double>();          // only the number leaves the scope
            }
            if (double.IsNaN(value) || double.IsInfinity(value))
                throw new InvalidOperationException($"The loss became {value} at step {history.Count + 1}: training diverged. Try a smaller learning rate or gradient clipping " +
                    (clipping ? "(TrainerConfig.ClipGradNorm)." : "(nn.utils.clip_grad_norm_ inside the step)."));
            history.Add(value);
            if (config.GcEvery > 0 && (i + 1) % config.GcEvery == 0) GC.Collect();
            bar?.Report(i + 1, string.Create(CultureInfo.InvariantCulture, $"loss {history.Recent(config.SmoothingWindow):F4}"));
            if (live is not null && ((i + 1) % config.LiveChartEvery == 0 || i + 1 == config.Steps))
                live.Update(new Microsoft.AspNetCore.Html.HtmlString(Charts.ToHtml(history.Chart($"{config.Label} — training loss", config.SmoothingWindow))));
        }
        return history;
    }
}
