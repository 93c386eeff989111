using MultiModal.Display;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Display;

public class HeatmapTests
{
    [Fact]
    public void Extremes_map_to_the_ends_of_the_colormap_and_origin_lower_flips_rows()
    {
        using var m = tensor(new[,] { { 0.0, 1.0 }, { 0.5, 0.5 } }); // [2, 2]
        using var img = Heatmap.ToImage(m, Colormap.Gray, originLower: false, cellWidth: 3, cellHeight: 2);
        Assert.Equal(6, img.Width);
        Assert.Equal(4, img.Height);
        Assert.Equal(new Rgba32(0, 0, 0), img[0, 0]);
        Assert.Equal(new Rgba32(255, 255, 255), img[5, 1]);
        using var flipped = Heatmap.ToImage(m, Colormap.Gray, originLower: true);
        Assert.Equal(new Rgba32(0, 0, 0), flipped[0, 1]); // row 0 drawn at the bottom
        Assert.Equal(Colormap.Viridis.Map(0), new Rgba32(0x44, 0x01, 0x54));
        Assert.Equal(Colormap.Viridis.Map(1), new Rgba32(0xFD, 0xE7, 0x25));
    }

    [Fact]
    public void Non_matrices_are_rejected()
    {
        Assert.Contains("[rows, cols]", Assert.Throws<ArgumentException>(() => Heatmap.ToImage(ones(3))).Message);
    }

    [Fact]
    public void Gif_has_every_frame_and_loops()
    {
        var frames = Enumerable.Range(0, 3).Select(i => new Image<Rgba32>(8, 6, new Rgba32((byte)(i * 100), 0, 0))).ToList();
        var gif = new GifAnimation(frames, delayMs: 100).ToGif();
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(gif, 0, 6));
        using var decoded = Image.Load<Rgba32>(gif);
        Assert.Equal(3, decoded.Frames.Count);
        Assert.Equal(200, decoded.Frames[2][0, 0].R);
    }

    [Fact]
    public void Chart_frames_reach_the_figure_json()
    {
        var trace = new Plotly.NET.Trace2D("scatter");
        trace.SetProperty("y", new[] { 1, 2 });
        var chart = Plotly.NET.GenericChart.ofTraceObject(true, trace);
        chart = Charts.WithFrames(chart, [new { name = "a", data = new object[] { new { y = new[] { 3, 4 } } } }]);
        var json = Charts.MoveFrames(Plotly.NET.GenericChart.toFigureJson(chart));
        var fig = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal("a", (string)fig["frames"]![0]!["name"]!);
        Assert.Null(fig["layout"]!["_mmFrames"]);
        // (Charts.ToHtml is not called here: its once-per-session plotly.js flag is global and DisplayTests checks it.)
    }
}

