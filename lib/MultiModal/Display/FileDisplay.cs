using System.Globalization;
using Microsoft.AspNetCore.Html;
using SixLabors.ImageSharp;
using TorchSharp;

namespace MultiModal.Display;

/// <summary>
/// Displays for a program instead of a notebook: what a cell would show becomes a file in one folder — a picture a
/// PNG, an animation a GIF, a sound a WAV, a chart a self-contained HTML page (plotly.js inline), a figure with axes an
/// SVG, HTML an HTML file — and its name is printed; text and tensors are printed. Notebooks exported as .NET
/// file-based apps (<c>mm export</c>) route <c>display(…)</c>, a cell's last value and <see cref="NotebookHost.Display"/>
/// here with <see cref="Install"/>.
/// </summary>
public static class FileDisplay
{
    private static int _count;

    /// <summary>The folder files are written to (null before <see cref="Install"/>).</summary>
    public static string? Folder { get; private set; }

    /// <summary>Writes displays into <paramref name="folder"/> (created, emptied of earlier outputs) from now on, also those of <see cref="NotebookHost.Display"/>.</summary>
    public static void Install(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        foreach (var old in Directory.GetFiles(folder, "out-*")) File.Delete(old);
        Folder = folder;
        _count = 0;
        NotebookHost.OutsideKernel = v => Show(v);
    }

    /// <summary>Shows <paramref name="value"/>: writes it as a file (returns its path) or prints it (returns null).</summary>
    public static string? Show(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case Image image:
                return Write("png", path => image.SaveAsPng(path), "picture");
            case GifAnimation gif:
                return Write("gif", gif.Save, "animation");
            case AudioPlayer audio:
                return Write("wav", path => File.WriteAllBytes(path, audio.ToWav()), audio.Title ?? "sound");
            case AxesImage axes:
                return Write("svg", path => File.WriteAllText(path, axes.ToHtml()), axes.Title ?? "figure");
            case Plotly.NET.GenericChart chart:
                return Write("html", path => File.WriteAllText(path, Page(Charts.Loader() + Charts.ToHtml(chart))), "chart");
            case torch.Tensor tensor:
                Console.WriteLine(NotebookFormatters.TensorText(tensor));
                return null;
            case IHtmlContent html:
                using (var w = new StringWriter(CultureInfo.InvariantCulture))
                {
                    html.WriteTo(w, System.Text.Encodings.Web.HtmlEncoder.Default);
                    var text = w.ToString();
                    return Write("html", path => File.WriteAllText(path, Page(text)), "table");
                }
            default:
                Console.WriteLine(value.ToString());
                return null;
        }
    }

    private static string? Write(string extension, Action<string> save, string what)
    {
        if (Folder is null) throw new InvalidOperationException("FileDisplay.Install(folder) must come first: it says where displays are written.");
        var path = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"out-{Interlocked.Increment(ref _count):D3}.{extension}"));
        save(path);
        Console.WriteLine($"[{what}: {Path.GetFileName(Folder)}/{Path.GetFileName(path)}]");
        return path;
    }

    private static string Page(string body) => $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>";
}
