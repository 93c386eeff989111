using MultiModal.World;
using TorchSharp;
using Xunit;

namespace MultiModal.Tests.World;

public class VocabularyAndBatchTests
{
    private static readonly SyntheticWorld World = new(seed: 9);

    [Fact]
    public void Special_tokens_come_first_and_every_caption_round_trips()
    {
        var v = Vocabulary.Captions;
        Assert.Equal(["<pad>", "<start>", "<end>", "<unk>"], v.Tokens.Take(4));
        Assert.Equal(Vocabulary.UnknownId, v["zebra"]);
        Assert.Equal("a red circle", v.Decode(v.Encode("A red circle")));
        Assert.Equal([1, v["a"], v["red"], 2], v.Encode("a red"));
        Assert.Equal(["is", "the", "red", "object", "left", "?"], Vocabulary.Tokenize("Is the red object  left?"));
        foreach (var s in World.Samples(Split.Train, 0, 100))
        {
            foreach (var c in s.Captions)
            {
                var ids = v.Encode(c);
                Assert.DoesNotContain(Vocabulary.UnknownId, ids);
                Assert.Equal(c, v.Decode(ids));
            }
            foreach (var q in s.Questions) Assert.DoesNotContain(Vocabulary.UnknownId, Vocabulary.Questions.Encode(q.Question));
        }
    }

    [Fact]
    public void Scene_batches_have_the_documented_shapes_and_contents()
    {
        using var scope = torch.NewDisposeScope();
        var batches = World.SceneBatches(Split.Train, batchSize: 8, count: 20, shuffleSeed: 1).ToList();
        Assert.Equal([8, 8, 4], batches.Select(b => (int)b.Images.shape[0]));
        var b = batches[0];
        Assert.Equal(new long[] { 8, 3, 64, 64 }, b.Images.shape);
        Assert.Equal(torch.float32, b.Images.dtype);
        Assert.InRange(b.Images.min().item<float>(), 0f, 1f);
        Assert.InRange(b.Images.max().item<float>(), 0f, 1f);
        Assert.Equal(torch.int64, b.Captions.dtype);
        Assert.Equal(8, b.Captions.shape[0]);
        Assert.Equal(b.CaptionLengths.max().item<long>(), b.Captions.shape[1]);
        Assert.Equal(new long[] { 8, Tags.Words.Count }, b.Tags.shape);
        Assert.Equal(4, b.Masks.shape[1] <= 4 ? 4 : -1);
        for (var i = 0; i < 8; i++)
        {
            var row = b.Captions[i].data<long>().ToArray();
            Assert.Equal(Vocabulary.StartId, row[0]);
            Assert.Equal(b.CaptionTexts[i], Vocabulary.Captions.Decode(row));
            var len = (int)b.CaptionLengths[i].item<long>();
            Assert.Equal(Vocabulary.EndId, row[len - 1]);
            Assert.All(row.Skip(len), id => Assert.Equal(Vocabulary.PadId, id));
            // Pixel (0,0) of the tensor equals the scene's first byte / 255.
            Assert.Equal(b.Samples[i].Frame.Pixels[0] / 255f, b.Images[i, 0, 0, 0].item<float>(), 6);
            for (var k = 0; k < b.Samples[i].Scene.Objects.Count; k++)
                Assert.Equal(b.Samples[i].Frame.Mask(k).Count(x => x), (int)b.Masks[i, k].sum().item<float>());
        }
        // Shuffling is a permutation: all 20 scenes appear once.
        Assert.Equal(20, batches.SelectMany(x => x.Samples).Select(s => s.Scene.Index).Distinct().Count());
        foreach (var x in batches) x.Dispose();
    }

    [Fact]
    public void Question_and_clip_batches_have_the_documented_shapes()
    {
        using var scope = torch.NewDisposeScope();
        using var q = World.QuestionBatches(Split.Val, batchSize: 16, count: 10).First();
        Assert.Equal(new long[] { 16, 3, 64, 64 }, q.Images.shape);
        Assert.Equal(16, q.Questions.shape[0]);
        Assert.Equal(new long[] { 16 }, q.Answers.shape);
        for (var i = 0; i < 16; i++)
            Assert.Equal(q.Rows[i].Qa.Answer, QuestionGenerator.Answers[(int)q.Answers[i].item<long>()]);
        using var c = World.ClipBatches(Split.Val, batchSize: 4, count: 4).Single();
        Assert.Equal(new long[] { 4, 16000 }, c.Audio.shape);
        Assert.Equal(new long[] { 4, 64, 64 }, c.SoundingMasks.shape);
        Assert.Equal(new long[] { 4 }, c.Places.shape);
        Assert.Equal(c.Clips[2].Audio[5000], c.Audio[2, 5000].item<float>());
    }

    [Fact]
    public void Token_batches_pad_and_cut_as_documented()
    {
        using var t = Batches.Tokens([[1, 5, 6, 7, 2], [1, 5, 2]], maxLen: 4);
        Assert.Equal(new long[] { 1, 5, 6, 2, 1, 5, 2, 0 }, t.data<long>().ToArray());
        using var w = Batches.Waveforms([[1f, 2f], [3f]]);
        Assert.Equal(new[] { 1f, 2f, 3f, 0f }, w.data<float>().ToArray());
    }
}
