using MultiModal.Metrics;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;
using MultiModal.Models.Captioning;
using MultiModal.Models.Decoding;

namespace MultiModal.Tests.Captioning;

public class CaptionEvaluationTests
{
    [Fact]
    public void Greedy_and_beam_evaluations_score_every_scene_against_its_references()
    {
        CaptionTestData.Seed(8);
        var world = new SyntheticWorld(1);
        var encoder = CaptionTestData.SmallEncoder();
        using var scenes = EncodedScenes.Encode(world, encoder, Split.Test, 5);
        var tokens = new SpecialTokens(Vocabulary.StartId, Vocabulary.EndId, Vocabulary.PadId);
        var model = new ShowAttendTell(encoder, new ShowAttendTellConfig(Vocabulary.Captions.Count, tokens, HiddenDim: 16, EmbedDim: 8, AttentionDim: 8));
        var greedy = CaptionEvaluation.Run(model, scenes, maxLength: 6, batchSize: 2);
        var beam = CaptionEvaluation.Run(model, scenes, beamWidth: 2, maxLength: 6);
        foreach (var e in new[] { greedy, beam })
        {
            Assert.Equal(5, e.Captions.Length);
            Assert.Equal(scenes.Samples[3].Captions.Count, e.References[3].Length);
            Assert.NotNull(e.Attention);                                   // an attention model: correctness is computed
            Assert.Equal(e.Attention!.PerWord.Length, e.Captions.Sum(c => c.Length));
            // the BLEU reported is the corpus BLEU of exactly these hypotheses and references
            Assert.Equal(Bleu.Corpus<string>(e.Hypotheses, e.References.Select(r => (IReadOnlyList<IReadOnlyList<string>>)r).ToArray()).Bleu4, e.Bleu4);
        }
        // batched greedy decoding from the features gives the same captions as decoding the images one by one
        using var images = Batches.Images(scenes.Samples.Select(s => s.Frame).ToArray());
        Assert.Equal(greedy.Captions.Select(c => string.Join(",", c.Tokens)), model.Greedy(images, 6).Select(c => string.Join(",", c.Tokens)));
        Assert.Throws<ArgumentOutOfRangeException>(() => CaptionEvaluation.Run(model, scenes, beamWidth: 0));
    }
}
