using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;
using SixLabors.ImageSharp;
using TorchSharp;
using MultiModal.Tensors;

namespace MultiModal.Display;

/// <summary>
/// Registers how course objects look in a notebook: a tensor as its shape, dtype and a compact view of its
/// values; an ImageSharp image as a PNG; an <see cref="AudioPlayer"/> as an HTML audio player; a <see cref="GifAnimation"/> as an animated GIF; a Plotly.NET
/// chart as an interactive chart that needs no CDN. Called by <see cref="Course.Setup"/>; harmless outside a kernel.
/// </summary>
public static class NotebookFormatters
{
    private static int _registered;

    /// <summary>Registers the formatters once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Formatter.Register<torch.Tensor>((t, w) => w.Write(TensorHtml(t)), HtmlFormatter.MimeType);
        Formatter.Register<torch.Tensor>((t, w) => w.Write(TensorText(t)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(torch.Tensor), HtmlFormatter.MimeType);
        Formatter.Register<Image>((img, w) => w.Write(Html.Image(img)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Image), HtmlFormatter.MimeType);
        Formatter.Register<AudioPlayer>((a, w) => w.Write(a.ToHtml()), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(AudioPlayer), HtmlFormatter.MimeType);
        Formatter.Register<GifAnimation>((g, w) => w.Write(g.ToHtml()), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GifAnimation), HtmlFormatter.MimeType);
        Formatter.Register<AxesImage>((a, w) => w.Write(a.ToHtml()), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(AxesImage), HtmlFormatter.MimeType);
        RegisterCharts();
    }

    /// <summary>
    /// Shows values of type <typeparamref name="T"/> as the HTML that <paramref name="toHtml"/> makes. Layers above
    /// Display (the course's set-up summary, the environment check) register their own types with it.
    /// </summary>
    public static void RegisterHtml<T>(Func<T, string> toHtml)
    {
        ArgumentNullException.ThrowIfNull(toHtml);
        Formatter.Register<T>((value, w) => w.Write(toHtml(value)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }

    // Separate method: JIT-compiling it loads Plotly.NET and FSharp.Core, which must happen after the redirect.
    private static void RegisterCharts()
    {
        Formatter.Register<Plotly.NET.GenericChart>((c, w) => w.Write(Charts.ToHtml(c)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Plotly.NET.GenericChart), HtmlFormatter.MimeType);
    }

    /// <summary>Tensors with more elements than this are summarised instead of printed in full.</summary>
    public const int MaxPrintedElements = 120;

    /// <summary>One-line description of a tensor: dtype, shape, device, gradient flag.</summary>
    public static string TensorHeader(torch.Tensor t) =>
        $"{t.dtype.ToString().ToLowerInvariant()} {t.ShapeText()} on {t.device}{(t.requires_grad ? ", requires_grad" : "")}";

    /// <summary>Text form of a tensor: the header, summary statistics for large ones, and the values (elided when long).</summary>
    public static string TensorText(torch.Tensor t)
    {
        var sb = new StringBuilder(TensorHeader(t));
        if (t.IsInvalid) return sb.Append(" (disposed)").ToString();
        using var scope = torch.NewDisposeScope();                                   // TorchSharp's ToString makes tensors of its own
        if (t.numel() > 0 && (t.is_floating_point() || t.dtype == torch.int64 || t.dtype == torch.int32))
        {
            using var d = t.detach().to(torch.float64);
            var inv = CultureInfo.InvariantCulture;
            sb.Append(inv, $"  min {d.min().item<double>():G4}, max {d.max().item<double>():G4}, mean {d.mean().item<double>():G4}");
        }
        if (t.numel() <= MaxPrintedElements)
            return sb.Append('\n').Append(t.ToString(TensorStringStyle.Numpy, fltFormat: "G4", width: 100)).ToString();
        // A big tensor is summarised: its first few values in storage order, then an ellipsis.
        using var first = t.detach().flatten()[..8].cpu();
        return sb.Append("\nfirst values: ").Append(first.ToString(TensorStringStyle.Numpy, fltFormat: "G4", width: 100)).Append(" …").ToString();
    }

    private static string TensorHtml(torch.Tensor t) =>
        $"<pre style=\"font-size:12px;line-height:1.25\">{WebUtility.HtmlEncode(TensorText(t))}</pre>";
}
