using MultiModal.Display;
using NAudio.Wave;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Display;

public class DisplayTests
{
    [Fact]
    public void Audio_player_wav_decodes_back_to_the_samples()
    {
        var tone = EnvironmentCheck.Tone(440, 0.1, 8000, 0.5); // 800 samples
        var wav = new AudioPlayer(tone, 8000).ToWav();
        using var reader = new WaveFileReader(new MemoryStream(wav));
        Assert.Equal(8000, reader.WaveFormat.SampleRate);
        Assert.Equal(16, reader.WaveFormat.BitsPerSample);
        Assert.Equal(1, reader.WaveFormat.Channels);
        var provider = reader.ToSampleProvider();
        var back = new float[tone.Length];
        Assert.Equal(tone.Length, provider.Read(back, 0, back.Length));
        for (var i = 0; i < tone.Length; i++) Assert.True(Math.Abs(back[i] - tone[i]) <= 1.0 / 32767 + 1e-6, $"sample {i}: {back[i]} vs {tone[i]}");
    }

    [Fact]
    public void Audio_player_html_is_a_player_with_an_inline_wav()
    {
        var html = new AudioPlayer([0f, 0.5f, -0.5f, 0f], 16000, title: "a <b> tone").ToHtml();
        Assert.Contains("<audio controls", html);
        Assert.Contains("data:audio/wav;base64,UklGR", html); // "RIFF" in base64
        Assert.Contains("a &lt;b&gt; tone", html);
    }

    [Fact]
    public void Audio_player_refuses_bad_audio_with_clear_messages()
    {
        Assert.Contains("empty audio", Assert.Throws<ArgumentException>(() => new AudioPlayer([], 16000)).Message);
        Assert.Contains("Sample 1 is NaN", Assert.Throws<ArgumentException>(() => new AudioPlayer([0f, float.NaN], 16000)).Message);
        Assert.Contains("sampleRate must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new AudioPlayer([0f], 0)).Message);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => AudioPlayer.FromTensor(zeros(2, 3), 16000)).Message);
        Assert.Equal(3, AudioPlayer.FromTensor(zeros(1, 3), 16000).Samples.Length); // [1, time] is mono
    }

    [Fact]
    public void Charts_inline_plotly_js_once_per_session_and_no_cdn()
    {
        Charts.ResetSession();
        var chart = Plot.Line([0.0, 1, 2], [1.0, 2, 3], "a", "title", "x", "y");
        var first = Charts.ToHtml(chart);
        var second = Charts.ToHtml(chart);
        Assert.Contains("plotly.js v2.", first);
        Assert.DoesNotContain("plotly.js v2.", second);
        Assert.DoesNotMatch("<script[^>]+src=", first + second); // nothing is fetched: plotly.js is inline
        Assert.Contains("\"title\"", second);
        Assert.Contains("Plotly.newPlot", second);

        Charts.ResetSession();
        var loader = Charts.Loader();                             // what Course.Setup's output carries
        Assert.True(Charts.LoaderSent);
        Assert.Contains("plotly.js v2.", loader);
        Assert.Contains("data-mm-plotly=\"" + Globals.PLOTLYJS_VERSION + "\"", loader);
        Assert.DoesNotContain("class=\"mm-chart\"", loader);
        Assert.DoesNotContain("plotly.js v2.", Charts.ToHtml(chart)); // charts after the loader do not repeat it
    }

    [Fact]
    public void A_chart_says_what_it_is_where_no_javascript_runs_and_draw_replaces_that_text()
    {
        var html = Charts.ToHtml(Plot.Line([0.0, 1], [1.0, 2], "a", "loss & <b>per word</b>", "step", "loss"));
        var text = System.Text.RegularExpressions.Regex.Match(html, "<div id=\"(mm-plot-[0-9-]+)\" class=\"mm-chart\"><p[^>]*>(.*?)</p></div>");
        Assert.True(text.Success, html[..Math.Min(400, html.Length)]);
        Assert.Contains("Chart “loss &amp; per word”: interactive", text.Groups[2].Value); // the title's words (Plotly's tags dropped), escaped
        Assert.Contains($"document.getElementById('{text.Groups[1].Value}'); el.innerHTML = '';", html);
    }

    [Fact]
    public void Charts_at_the_default_size_fill_the_width_with_the_legend_above_and_explicit_sizes_are_kept()
    {
        static System.Text.Json.Nodes.JsonObject Layout(Plotly.NET.GenericChart c) =>
            System.Text.Json.Nodes.JsonNode.Parse(Charts.Prepare(Plotly.NET.GenericChart.toFigureJson(c)).Json)!["layout"]!.AsObject();
        var chart = Plot.Line([0.0, 1], [1.0, 2], "a", "t");
        var plain = Layout(chart);
        Assert.Null(plain["width"]);                              // responsive: as wide as the notebook
        Assert.Equal(Charts.DefaultHeight, (int)plain["height"]!);
        Assert.Equal("h", (string?)plain["legend"]!["orientation"]);
        Assert.Equal("bottom", (string?)plain["legend"]!["yanchor"]);
        var sized = Layout(chart.Sized(500, 300));
        Assert.Equal(500, (int)sized["width"]!);
        Assert.Equal(300, (int)sized["height"]!);
        Assert.Null(sized["legend"]);
        Assert.Equal("t", Charts.Prepare(Plotly.NET.GenericChart.toFigureJson(chart)).Title);
    }

    [Fact]
    public void Plot_line_needs_as_many_y_as_x()
    {
        var e = Assert.Throws<ArgumentException>(() => Plot.Line([0.0, 1], [1.0]));
        Assert.Contains("x has 2 points but y has 1", e.Message);
    }

    [Fact]
    public void Png_and_html_image_round_trip()
    {
        using var img = EnvironmentCheck.TestImage(16);
        var png = Html.Png(img);
        using var back = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(png);
        Assert.Equal(img[3, 5], back[3, 5]);
        Assert.Contains("width=\"48\"", Html.Image(img)); // small images are drawn 3× larger
    }

    [Fact]
    public void Tensor_text_shows_shape_dtype_and_statistics()
    {
        var text = NotebookFormatters.TensorText(tensor(new float[] { 1, 2, 3, 6 }).reshape(2, 2));
        Assert.StartsWith("float32 [2, 2] on cpu", text);
        Assert.Contains("min 1, max 6, mean 3", text);
        var big = NotebookFormatters.TensorText(zeros(10, 100));
        Assert.Contains("first values:", big);
        Assert.True(big.Length < 300, "a 1000-element tensor is summarised, not printed");
    }

    [Fact]
    public void Progress_bar_text_counts_steps()
    {
        using var bar = new ProgressBar(4, "train");
        bar.Report(2, "loss 0.5");
        Assert.Matches(@"^train \[#{10}\.{10}\] 2/4 \(.*\) loss 0\.5$", bar.Text());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressBar(0));
    }

    [Fact]
    public void Html_table_encodes_cells()
    {
        var html = Html.Table(["a"], [["<script>"]]);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        // a table of HTML cells keeps its cells (pictures beside text) and still encodes the header
        var mixed = Html.TableOfHtml(["<h>"], [["<img src=\"x.png\">"]]);
        Assert.Contains("<td style=\"text-align:left;padding:2px 10px\"><img src=\"x.png\"></td>", mixed);
        Assert.Contains("&lt;h&gt;", mixed);
    }
}
