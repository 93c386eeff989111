using MultiModal.World;
using static TorchSharp.torch;
using MultiModal.Metrics;
using MultiModal.Models.Decoding;

namespace MultiModal.Models.Captioning;

/// <summary>
/// A captioning model evaluated on a set of scenes: captions from the cached features, corpus BLEU-1..4 and CIDEr-D
/// against each scene's reference captions, how often the spatial relations it states are true (by the world's rule
/// and margin), and — for models with attention — attention correctness (Liu et al. 2017) and the pointing game
/// against the world's masks, each with its chance level.
/// </summary>
/// <param name="Captions">The generated captions, one per scene.</param>
/// <param name="Hypotheses">Their words.</param>
/// <param name="References">Each scene's reference captions, as words.</param>
/// <param name="Bleu">Corpus BLEU-1..4.</param>
/// <param name="CiderD">Corpus CIDEr-D.</param>
/// <param name="RelationsTrue">Generated captions whose stated relation is true (<see cref="CaptionGrounding.RelationHolds"/>).</param>
/// <param name="RelationsChecked">Generated captions with a relation that could be checked.</param>
/// <param name="Attention">Attention correctness over all captions: the share of each grounded word's attention on its
/// object (null for models without attention).</param>
/// <param name="AttentionChance">The same measure for attention spread evenly over the image, on the same words.</param>
/// <param name="AttentionCeiling">The best score any map of the model's grid size could reach on the same words.</param>
/// <param name="Pointing">The pointing game over all captions: is each grounded word's attention peak on its object.</param>
public sealed record CaptionEvaluation(Caption[] Captions, string[][] Hypotheses, string[][][] References, BleuScore Bleu, double CiderD,
    int RelationsTrue, int RelationsChecked, AttentionCorrectnessResult? Attention, AttentionCorrectnessResult? AttentionChance,
    AttentionCorrectnessResult? AttentionCeiling, PointingGameResult? Pointing)
{
    /// <summary>BLEU-4.</summary>
    public double Bleu4 => Bleu.Bleu4;

    /// <summary>RelationsTrue / RelationsChecked (NaN when no caption stated a checkable relation).</summary>
    public double RelationAccuracy => RelationsChecked == 0 ? double.NaN : (double)RelationsTrue / RelationsChecked;

    /// <summary>
    /// Captions every scene of <paramref name="scenes"/> with <paramref name="model"/> from the cached features — greedily
    /// in batches when <paramref name="beamWidth"/> is 1, else by beam search one scene at a time — and scores the
    /// captions, reading them with the scenes' vocabulary.
    /// </summary>
    public static CaptionEvaluation Run(CaptionModel model, EncodedScenes scenes, int beamWidth = 1, int maxLength = 20, int batchSize = 100)
    {
        if (beamWidth < 1) throw new ArgumentOutOfRangeException(nameof(beamWidth), beamWidth, $"Beam width must be at least 1 (1 = greedy decoding), got {beamWidth}.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenes);
        if (model.VocabSize != scenes.Vocabulary.Count)
            throw new ArgumentException($"The model predicts {model.VocabSize} tokens but the scenes' vocabulary has {scenes.Vocabulary.Count}: encode the scenes with the vocabulary the model was built for.", nameof(scenes));
        var captions = new List<Caption>();
        for (var i = 0; i < scenes.Count; i += beamWidth > 1 ? 1 : batchSize)
        {
            using var scope = NewDisposeScope();
            var decoded = beamWidth > 1
                ? [model.BeamSearchFromFeatures(scenes.Features[i..(i + 1)], beamWidth, maxLength)[0]]          // features (1, encoderDim, g, g)
                : model.GreedyFromFeatures(scenes.Features[i..Math.Min(scenes.Count, i + batchSize)], maxLength); // (batch, encoderDim, g, g)
            foreach (var c in decoded) c.Attention?.MoveToOuterDisposeScope();                               // only the maps leave the scope
            captions.AddRange(decoded);
        }
        return Score(captions.ToArray(), scenes);
    }

    /// <summary>Scores captions already generated for <paramref name="scenes"/> (one per scene, in order).</summary>
    public static CaptionEvaluation Score(Caption[] captions, EncodedScenes scenes)
    {
        ArgumentNullException.ThrowIfNull(captions);
        ArgumentNullException.ThrowIfNull(scenes);
        if (captions.Length != scenes.Count)
            throw new ArgumentException($"expected one caption per scene: {scenes.Count} scenes but {captions.Length} captions.", nameof(captions));
        var vocab = scenes.Vocabulary;
        var hypotheses = captions.Select(c => c.Tokens.Select(t => vocab[t]).ToArray()).ToArray();
        var references = scenes.Samples.Select(s => s.Captions.Select(c => Vocabulary.Tokenize(c).ToArray()).ToArray()).ToArray();
        var referenceLists = references.Select(r => (IReadOnlyList<IReadOnlyList<string>>)r).ToArray();
        var bleu = Metrics.Bleu.Corpus<string>(hypotheses, referenceLists);
        var cider = Metrics.CiderD.Corpus<string>(hypotheses, referenceLists);
        var relations = hypotheses.Select((h, i) => CaptionGrounding.RelationHolds(h, scenes.Samples[i].Scene, scenes.RelationMargin)).ToArray();
        AttentionCorrectnessResult? attention = null, chance = null, ceiling = null;
        PointingGameResult? pointing = null;
        if (captions.Length > 0 && captions.All(c => c.Attention is not null))
        {
            attention = AttentionCorrectnessResult.Combine(captions.Select((c, i) => CaptionGrounding.AttentionCorrectness(hypotheses[i], c.Attention!, scenes.Samples[i].Frame)));
            chance = AttentionCorrectnessResult.Combine(hypotheses.Select((h, i) => CaptionGrounding.AttentionCorrectnessChance(h, scenes.Samples[i].Frame)));
            ceiling = AttentionCorrectnessResult.Combine(hypotheses.Select((h, i) => CaptionGrounding.AttentionCorrectnessCeiling(h, scenes.Samples[i].Frame, (int)captions[i].Attention!.shape[^1])));
            pointing = PointingGameResult.Combine(captions.Select((c, i) => CaptionGrounding.PointingGame(hypotheses[i], c.Attention!, scenes.Samples[i].Frame)));
        }
        return new CaptionEvaluation(captions, hypotheses, references, bleu, cider,
            relations.Count(r => r == true), relations.Count(r => r.HasValue), attention, chance, ceiling, pointing);
    }
}
