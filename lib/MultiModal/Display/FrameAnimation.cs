using System.Globalization;
using System.Net;
using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MultiModal.Display;

/// <summary>
/// A sequence of pictures with a label each (e.g. a fixed sample grid at successive training steps) as the course
/// animates everything: an interactive Plotly player (play button and slider, one frame per picture) and a looping
/// GIF with the label written under each frame, which draws in any saved notebook or page.
/// </summary>
public static class FrameAnimation
{
    /// <summary>The pictures as a Plotly image with a player; <paramref name="title"/> goes above, the frame's label after it.</summary>
    public static GenericChart Animation(IReadOnlyList<Image<Rgb24>> frames, IReadOnlyList<string> labels, string title, int frameMs = 300)
    {
        Check(frames, labels);
        var sources = frames.Select(f => "data:image/png;base64," + Convert.ToBase64String(Html.Png(f))).ToArray();
        string Heading(int i) => $"{WebUtility.HtmlEncode(title)} — {WebUtility.HtmlEncode(labels[i])}";
        var trace = new Trace2D("image");
        trace.SetProperty("source", sources[0]);
        trace.SetProperty("hoverinfo", "skip");
        var chart = GenericChart.ofTraceObject(true, trace);
        var layout = GenericChart.getLayout(chart);
        int width = frames[0].Width, height = frames[0].Height;
        layout.SetProperty("title", new { text = Heading(0), x = 0.02, xanchor = "left", y = 0.97, yanchor = "top" });
        layout.SetProperty("width", Math.Max(width + 80, 560));
        layout.SetProperty("height", height + 80 + 150);
        layout.SetProperty("margin", new { l = 40, r = 40, t = 80, b = 150 });
        layout.SetProperty("xaxis", new { visible = false });
        layout.SetProperty("yaxis", new { visible = false });
        chart = Charts.WithPlayer(GenericChart.setLayout(layout, chart),
            Enumerable.Range(0, frames.Count).Select(i => (Name(i), labels[i])).ToArray(), "", frameMs, redraw: true);
        return Charts.WithFrames(chart, Enumerable.Range(0, frames.Count).Select(i => (object)new
        {
            name = Name(i),
            data = new object[] { new { type = "image", source = sources[i] } },
            layout = new { title = new { text = Heading(i) } },
        }));
    }

    /// <summary>The pictures as a looping GIF, each label written under its frame; the last frame is held three times as long.</summary>
    public static GifAnimation Gif(IReadOnlyList<Image<Rgb24>> frames, IReadOnlyList<string> labels, string title, int frameMs = 300)
    {
        Check(frames, labels);
        int width = frames[0].Width, height = frames[0].Height;
        var pictures = new List<Image<Rgba32>>();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = new Image<Rgba32>(width, height + PixelFont.Height * 2 + 8, new Rgba32(255, 255, 255));
            using var picture = frames[i].CloneAs<Rgba32>();
            frame.Mutate(m => m.DrawImage(picture, new Point(0, 0), 1f));
            PixelFont.Draw(frame, labels[i], width / 2, height + 4, scale: 2, centred: true);
            pictures.Add(frame);
            if (i == frames.Count - 1) { pictures.Add(frame.Clone()); pictures.Add(frame.Clone()); }
        }
        return new GifAnimation(pictures, frameMs, title);
    }

    private static string Name(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static void Check(IReadOnlyList<Image<Rgb24>> frames, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(labels);
        if (frames.Count == 0) throw new ArgumentException("an animation needs at least one frame.", nameof(frames));
        if (labels.Count != frames.Count)
            throw new ArgumentException($"expected one label per frame: {frames.Count} frames but {labels.Count} labels.", nameof(labels));
        if (frames.Any(f => f.Width != frames[0].Width || f.Height != frames[0].Height))
            throw new ArgumentException($"every frame must have the first one's size ({frames[0].Width}×{frames[0].Height}).", nameof(frames));
    }
}
