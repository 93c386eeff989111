using System.Globalization;
using System.Net;
using System.Text;
using MultiModal.Metrics;

namespace MultiModal.Display;

/// <summary>
/// A confusion matrix as an HTML table (renders anywhere, no JavaScript): rows are the true labels, columns the
/// predictions, each cell shaded by the share of its row (white 0 → dark 1) and showing the count.
/// </summary>
public static class ConfusionTable
{
    /// <summary>The table, with <paramref name="title"/> above it.</summary>
    public static string Html(ConfusionMatrix matrix, string title = "")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        const string cell = "padding:2px 5px;text-align:right;min-width:26px;border:1px solid #ddd";
        var sb = new StringBuilder("<div style=\"font-size:12px\">");
        if (title.Length > 0) sb.Append("<b>").Append(WebUtility.HtmlEncode(title)).Append("</b>");
        sb.Append("<table style=\"border-collapse:collapse\"><tr><th style=\"padding:2px 5px;text-align:left\">true ↓ / predicted →</th>");
        foreach (var l in matrix.Labels) sb.Append("<th style=\"padding:2px 5px\">").Append(WebUtility.HtmlEncode(l)).Append("</th>");
        sb.Append("</tr>");
        for (var r = 0; r < matrix.Labels.Count; r++)
        {
            sb.Append("<tr><th style=\"padding:2px 5px;text-align:left\">").Append(WebUtility.HtmlEncode(matrix.Labels[r])).Append("</th>");
            for (var c = 0; c < matrix.Labels.Count; c++)
            {
                var share = matrix.RowShare(r, c);
                var shade = (int)Math.Round(255 - 200 * share);
                var colour = r == c ? $"rgb({shade},{255 - (int)(60 * share)},{shade})" : $"rgb(255,{shade},{shade})";
                var text = r != c && share > 0.5 ? "#fff" : "#000";                                       // white on dark red only
                sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell};background:{colour};color:{text}\" title=\"{share:P0} of this row\">")
                  .Append(matrix.Counts[r, c] == 0 ? "" : matrix.Counts[r, c].ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</table></div>").ToString();
    }
}
