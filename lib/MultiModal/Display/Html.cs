using System.Net;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;

namespace MultiModal.Display;

/// <summary>Small HTML builders shared by every display in the course (tables, inline PNG images).</summary>
public static class Html
{
    /// <summary>An HTML table with a header row; cell text is HTML-encoded.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        Table(header, rows, WebUtility.HtmlEncode);

    /// <summary>
    /// An HTML table whose cells are already HTML (e.g. <see cref="Image"/> tags beside encoded text); the header is
    /// HTML-encoded. Encode any text you put in a cell with <c>WebUtility.HtmlEncode</c>.
    /// </summary>
    public static string TableOfHtml(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        Table(header, rows, cell => cell);

    private static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, Func<string, string> cellHtml)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:13px\"><thead><tr>");
        foreach (var h in header) sb.Append("<th style=\"text-align:left;padding:2px 10px;border-bottom:1px solid #888\">").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in row) sb.Append("<td style=\"text-align:left;padding:2px 10px\">").Append(cellHtml(c)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>PNG bytes of an image.</summary>
    public static byte[] Png(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var ms = new MemoryStream();
        image.Save(ms, new PngEncoder());
        return ms.ToArray();
    }

    /// <summary>
    /// An <c>&lt;img&gt;</c> tag with the image inlined as a PNG data URI, drawn at <paramref name="scale"/> times
    /// its size without smoothing (small synthetic images stay crisp).
    /// </summary>
    public static string Image(Image image, double scale = 0, string? title = null)
    {
        if (scale <= 0) scale = image.Width <= 96 ? 3 : 1;
        var t = title is null ? "" : $" title=\"{WebUtility.HtmlEncode(title)}\"";
        return $"<img src=\"data:image/png;base64,{Convert.ToBase64String(Png(image))}\" width=\"{(int)(image.Width * scale)}\" height=\"{(int)(image.Height * scale)}\" style=\"image-rendering:pixelated\"{t}/>";
    }
}
