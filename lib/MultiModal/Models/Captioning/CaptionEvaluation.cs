using MultiModal.World;
using static TorchSharp.torch;
using MultiModal.Metrics;
using MultiModal.Models.Decoding;

namespace MultiModal.Models.Captioning;

/// <summary>
/// A captioning model evaluated on a set of scenes: greedy captions from the cached features, corpus BLEU-1..4 and
/// CIDEr-D against each scene's reference captions, how often the spatial relations it states are true, and — for
/// models with attention — attention correctness against the world's masks.
/// </summary>
/// <param name="Captions">The generated captions, one per scene.</param>
/// <param name="Hypotheses">Their words.</param>
/// <param name="References">Each scene's reference captions, as words.</param>
/// <param name="Bleu">Corpus BLEU-1..4.</param>
/// <param name="CiderD">Corpus CIDEr-D.</param>
/// <param name="RelationsTrue">Generated captions whose stated relation is true (<see cref="CaptionGrounding.RelationHolds"/>).</param>
/// <param name="RelationsChecked">Generated captions with a relation that could be checked.</param>
/// <param name="Attention">Attention correctness over all captions (null for models without attention).</param>
public sealed record CaptionEvaluation(Caption[] Captions, string[][] Hypotheses, string[][][] References, BleuScore Bleu, double CiderD,
    int RelationsTrue, int RelationsChecked, AttentionCorrectnessResult? Attention)
{
    /// <summary>BLEU-4.</summary>
    public double Bleu4 => Bleu.Bleu4;

    /// <summary>RelationsTrue / RelationsChecked (NaN when no caption stated a checkable relation).</summary>
    public double RelationAccuracy => RelationsChecked == 0 ? double.NaN : (double)RelationsTrue / RelationsChecked;

    /// <summary>
    /// Captions every scene of <paramref name="scenes"/> with <paramref name="model"/> from the cached features (evaluation
    /// mode, no gradients) — greedily in batches when <paramref name="beamWidth"/> is 1, else by beam search one scene at a
    /// time — and scores the captions.
    /// </summary>
    public static CaptionEvaluation Run(CaptionModel model, EncodedScenes scenes, int beamWidth = 1, int maxLength = 20, int batchSize = 100)
    {
        if (beamWidth < 1) throw new ArgumentOutOfRangeException(nameof(beamWidth), beamWidth, $"Beam width must be at least 1 (1 = greedy decoding), got {beamWidth}.");
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenes);
        var vocab = Vocabulary.Captions;
        var captions = new List<Caption>();
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            for (var i = 0; beamWidth > 1 && i < scenes.Count; i++)
            {
                using var scope = NewDisposeScope();
                var features = scenes.Features[i..(i + 1)];                                  // (1, encoderDim, g, g)
                var best = BeamSearch.Decode(model.DecodeStep, model.InitialState(features), model.Tokens, beamWidth, maxLength)[0];
                best.Attention?.MoveToOuterDisposeScope();
                captions.Add(best);
            }
            for (var i = 0; beamWidth == 1 && i < scenes.Count; i += batchSize)
            {
                using var scope = NewDisposeScope();
                var features = scenes.Features[i..Math.Min(scenes.Count, i + batchSize)];   // (batch, encoderDim, g, g)
                var batch = GreedyDecoder.Decode(model.DecodeStep, model.InitialState(features), model.Tokens, maxLength);
                foreach (var c in batch) c.Attention?.MoveToOuterDisposeScope();
                captions.AddRange(batch);
            }
        }
        finally { if (wasTraining) model.train(); }
        var hypotheses = captions.Select(c => c.Tokens.Select(t => vocab[t]).ToArray()).ToArray();
        var references = scenes.Samples.Select(s => s.Captions.Select(c => Vocabulary.Tokenize(c).ToArray()).ToArray()).ToArray();
        var bleu = Metrics.Bleu.Corpus<string>(hypotheses, references.Select(r => (IReadOnlyList<IReadOnlyList<string>>)r).ToArray());
        var cider = Metrics.CiderD.Corpus<string>(hypotheses, references.Select(r => (IReadOnlyList<IReadOnlyList<string>>)r).ToArray());
        var relations = hypotheses.Select((h, i) => CaptionGrounding.RelationHolds(h, scenes.Samples[i].Scene)).ToArray();
        AttentionCorrectnessResult? attention = null;
        if (captions.All(c => c.Attention is not null))
            attention = AttentionCorrectnessResult.Combine(captions.Select((c, i) => CaptionGrounding.Score(hypotheses[i], c.Attention!, scenes.Samples[i].Frame)));
        return new CaptionEvaluation(captions.ToArray(), hypotheses, references, bleu, cider,
            relations.Count(r => r == true), relations.Count(r => r.HasValue), attention);
    }
}
