using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiModal.Display;

/// <summary>
/// An animation as an animated GIF: renders in a notebook (and on GitHub) without JavaScript. Frames must share
/// one size. Shown as an <c>&lt;img&gt;</c> in a notebook.
/// </summary>
public sealed class GifAnimation
{
    /// <summary>The frames, in order.</summary>
    public IReadOnlyList<Image<Rgba32>> Frames { get; }
    /// <summary>Delay between frames in milliseconds.</summary>
    public int DelayMs { get; }
    /// <summary>An optional caption.</summary>
    public string? Title { get; }

    /// <summary>Creates an animation from frames of equal size.</summary>
    public GifAnimation(IReadOnlyList<Image<Rgba32>> frames, int delayMs = 100, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0) throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        if (frames.Any(f => f.Width != frames[0].Width || f.Height != frames[0].Height))
            throw new ArgumentException($"All frames must be {frames[0].Width}×{frames[0].Height} pixels.", nameof(frames));
        if (delayMs < 10) throw new ArgumentOutOfRangeException(nameof(delayMs), delayMs, "Browsers do not honour GIF delays below 10 ms.");
        Frames = frames;
        DelayMs = delayMs;
        Title = title;
    }

    /// <summary>The animated GIF file bytes (loops forever).</summary>
    public byte[] ToGif()
    {
        using var gif = Frames[0].Clone();
        gif.Metadata.GetGifMetadata().RepeatCount = 0;
        gif.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = DelayMs / 10;
        for (var i = 1; i < Frames.Count; i++)
        {
            var added = gif.Frames.AddFrame(Frames[i].Frames.RootFrame);
            added.Metadata.GetGifMetadata().FrameDelay = DelayMs / 10;
        }
        using var ms = new MemoryStream();
        gif.Save(ms, new GifEncoder());
        return ms.ToArray();
    }

    /// <summary>Writes the GIF to a file.</summary>
    public void Save(string path) => File.WriteAllBytes(path, ToGif());

    /// <summary>The HTML <c>&lt;img&gt;</c> with the GIF inlined.</summary>
    public string ToHtml()
    {
        var caption = Title is null ? "" : $"<div style=\"font-size:12px\">{System.Net.WebUtility.HtmlEncode(Title)}</div>";
        return $"{caption}<img src=\"data:image/gif;base64,{Convert.ToBase64String(ToGif())}\" width=\"{Frames[0].Width}\" height=\"{Frames[0].Height}\"/>";
    }

    /// <inheritdoc />
    public override string ToString() => $"GifAnimation({Frames.Count} frames, {Frames[0].Width}×{Frames[0].Height}, {DelayMs} ms{(Title is null ? "" : ", " + Title)})";
}
