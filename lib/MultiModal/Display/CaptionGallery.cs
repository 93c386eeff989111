using System.Net;
using System.Text;
using SixLabors.ImageSharp;

namespace MultiModal.Display;

/// <summary>
/// A gallery of captioned images as one HTML block: each row shows an image (magnified, crisp) next to labelled lines
/// of text, e.g. "generated", "beam-3" and the references. Wrap it in an <c>HtmlString</c> to show it in a notebook.
/// </summary>
public static class CaptionGallery
{
    /// <summary>The gallery HTML: one row per item; every line is "label: text".</summary>
    /// <param name="items">Image and its labelled lines.</param>
    /// <param name="scale">Image magnification.</param>
    public static string Html(IEnumerable<(Image Image, IReadOnlyList<(string Label, string Text)> Lines)> items, double scale = 2)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:13px\">");
        foreach (var (image, lines) in items)
        {
            sb.Append("<tr style=\"border-bottom:1px solid #ddd\"><td style=\"padding:4px\">").Append(Display.Html.Image(image, scale)).Append("</td><td style=\"padding:4px 10px;text-align:left;vertical-align:middle\">");
            foreach (var (label, text) in lines)
                sb.Append("<div><span style=\"color:#777\">").Append(WebUtility.HtmlEncode(label)).Append(":</span> ").Append(WebUtility.HtmlEncode(text)).Append("</div>");
            sb.Append("</td></tr>");
        }
        return sb.Append("</table>").ToString();
    }
}
