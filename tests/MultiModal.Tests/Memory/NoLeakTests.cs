using MultiModal.Audio;
using MultiModal.Display;
using MultiModal.Models.Answering;
using MultiModal.Models.Generation;
using MultiModal.Models.Captioning;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;
using MultiModal.Models.Losses;
using MultiModal.Models.Recipes;
using MultiModal.Models.Tagging;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static MultiModal.Tests.Captioning.CaptionTestData;

namespace MultiModal.Tests.Memory;

/// <summary>
/// Native memory hygiene: a training step of every trainable model, the library's own training runs, greedy and beam
/// decoding and every display function that takes tensors leave no live tensor behind. Counted with TorchSharp's exact
/// per-thread count (created minus disposed on this thread), so test classes on other threads cannot disturb it and a
/// tensor left to the garbage collector counts as leaked. The tests stay synchronous so that all of it runs on one thread.
/// </summary>
public class NoLeakTests
{
    private static readonly SyntheticWorld World = new(2);

    private static long Live => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    /// <summary>Calls <paramref name="once"/> twice to warm up (an optimiser allocates its state on its first step), then five times more, and fails if those five changed the live tensor count.</summary>
    private static void AssertNoLeak(string what, Action once)
    {
        const int warmUp = 2, measured = 5;
        for (var i = 0; i < warmUp; i++) once();
        var before = Live;
        for (var i = 0; i < measured; i++) once();
        var leaked = Live - before;
        Assert.True(leaked == 0, $"{what} leaks: {measured} calls after {warmUp} warm-up calls left {leaked} more live tensors ({leaked / (double)measured:0.##} per call).");
    }

    [Theory]
    [InlineData(nameof(ShowAndTell))]
    [InlineData("ShowAndTell (fine-tuned encoder)")]
    [InlineData(nameof(ShowAttendTell))]
    [InlineData("ShowAttendTell (supervised attention)")]
    [InlineData(nameof(PointwiseFusionVqa))]
    [InlineData(nameof(StackedAttentionVqa))]
    [InlineData("BlindVqa (question only)")]
    [InlineData("BlindVqa (image only)")]
    [InlineData("RecipeEmbedding (cosine margin)")]
    [InlineData("RecipeEmbedding (ranking)")]
    [InlineData("TagEmbedding (VSE)")]
    [InlineData("TagEmbedding (VSE++)")]
    [InlineData(nameof(GridPretrainingHead))]
    [InlineData(nameof(PretrainingHead))]
    [InlineData(nameof(SkipGram))]
    public void A_training_step_leaves_no_tensor_behind(string model)
    {
        using var cache = new TempCache();                                          // the feature caches go to a folder of their own
        using var scope = NewDisposeScope();                                        // data and weights are freed with the test
        Seed(1);
        var (module, loss, clip) = Trainable(model);
        using var optimizer = optim.Adam(module.parameters().Where(p => p.requires_grad), 1e-3);
        var config = new TrainerConfig(Steps: 1, ClipGradNorm: clip, ShowProgress: false);
        var history = new LossHistory();
        AssertNoLeak($"a training step of {model}", () => Trainer.Train(module, optimizer, loss, config, history));   // one step, exactly as the trainer runs it
    }

    // A small instance of the model, the loss of one step as the notebooks (or the library's own loop) compute it, and
    // the gradient clipping they use.
    private static (nn.Module Model, Func<int, Tensor> Loss, double? ClipGradNorm) Trainable(string model)
    {
        var rng = new Random(5);                                                    // draws the batches, as the notebooks do
        Tensor Rows(int count, int of) => tensor(Enumerable.Range(0, count).Select(_ => (long)rng.Next(of)).ToArray()); // (count) random row ids
        var encoder = SmallEncoder();
        var vocab = Vocabulary.Captions;
        var tokens = SpecialTokens.Of(vocab);
        var textWords = new WordVectors(Vocabulary.Text, randn(Vocabulary.Text.Count, 8)); // stands in for the shipped vectors
        switch (model)
        {
            case nameof(ShowAndTell):
            {
                var scenes = EncodedScenes.Encode(World, encoder, Split.Train, 8);
                var m = new ShowAndTell(encoder, new ShowAndTellConfig(vocab.Count, tokens, EmbedDim: 16, HiddenDim: 32));
                return (m, _ => { var (f, t) = scenes.Batch(rng, 4); return m.LossFromFeatures(f, t); }, 5);
            }
            case "ShowAndTell (fine-tuned encoder)":
            {
                var scenes = EncodedScenes.Encode(World, encoder, Split.Train, 8);
                var images = Batches.Images(scenes.Samples.Select(s => s.Frame).ToArray());   // (8, 3, 64, 64)
                var m = new ShowAndTell(encoder, new ShowAndTellConfig(vocab.Count, tokens, EmbedDim: 16, HiddenDim: 32, FineTuneEncoder: true));
                return (m, _ => m.Loss(images[..4], Batches.Tokens(scenes.CaptionIds.Take(4).Select(c => c[0]).ToArray())), 5); // through the encoder
            }
            case nameof(ShowAttendTell):
            {
                var scenes = EncodedScenes.Encode(World, encoder, Split.Train, 8);
                var m = new ShowAttendTell(encoder, new ShowAttendTellConfig(vocab.Count, tokens, EmbedDim: 16, HiddenDim: 32, AttentionDim: 16,
                    DoublyStochasticWeight: 0.1, CoordinateChannels: true));
                return (m, _ => { var (f, t) = scenes.Batch(rng, 4); return m.LossFromFeatures(f, t); }, 5);
            }
            case "ShowAttendTell (supervised attention)":
            {
                var scenes = EncodedScenes.Encode(World, encoder, Split.Train, 8);
                var m = new ShowAttendTell(encoder, new ShowAttendTellConfig(vocab.Count, tokens, EmbedDim: 16, HiddenDim: 32, AttentionDim: 16,
                    DoublyStochasticWeight: 0.1, CoordinateChannels: true, AttentionSupervisionWeight: 1.0));
                return (m, _ => { var (f, t, g) = scenes.BatchWithAttentionTargets(rng, 4); return m.LossFromFeatures(f, t, g); }, 5);
            }
            case nameof(PointwiseFusionVqa) or nameof(StackedAttentionVqa) or "BlindVqa (question only)" or "BlindVqa (image only)":
            {
                var data = AnsweredScenes.Cached(World, encoder, Split.Train, 4);
                var config = new VqaConfig(EmbedDim: 8, QuestionDim: 16, FusionDim: 16, AttentionDim: 8, ClassifierDim: 16);
                VqaModel m = model switch
                {
                    nameof(PointwiseFusionVqa) => new PointwiseFusionVqa(encoder.EncoderDim, config),
                    nameof(StackedAttentionVqa) => new StackedAttentionVqa(encoder.EncoderDim, config),
                    "BlindVqa (question only)" => new BlindVqa(VqaBaseline.QuestionOnly, encoder.EncoderDim, config),
                    _ => new BlindVqa(VqaBaseline.ImageOnly, encoder.EncoderDim, config),
                };
                return (m, _ => { var (f, q, l, a) = data.Batch(rng, 8); return m.Loss(f, q, l, a); }, null); // PretrainedVqa.Fit's step
            }
            case "RecipeEmbedding (cosine margin)" or "RecipeEmbedding (ranking)":
            {
                var set = RecipeSet.Cached(World, encoder, Split.Train, 12);
                var config = model == "RecipeEmbedding (ranking)"
                    ? new RecipeEmbeddingConfig(EmbedDim: 16, HiddenDim: 16, Margin: 0.2, Objective: RecipeObjective.Ranking)
                    : new RecipeEmbeddingConfig(EmbedDim: 16, HiddenDim: 16, SameCategoryMismatches: 0.5);   // im2recipe's loss, hard mismatches too
                var m = new RecipeEmbedding(encoder.EncoderDim, textWords, config);
                return (m, _ => m.Loss(set, Enumerable.Range(0, 8).Select(_ => rng.Next(set.Count)).ToArray(), rng), null);
            }
            case "TagEmbedding (VSE)" or "TagEmbedding (VSE++)":
            {
                var scenes = TaggedScenes.Cached(World, encoder, textWords, Split.Train, 12);
                var negatives = model == "TagEmbedding (VSE)" ? NegativeSampling.All : NegativeSampling.Hardest;
                var m = new TagEmbedding(encoder.EncoderDim, textWords, new TagEmbeddingConfig(EmbedDim: 16, HiddenDim: 32, Negatives: negatives));
                return (m, _ => { var (images, tags, also) = scenes.Batch(rng, 8, subsetShare: 0.5); return m.Loss(images, tags, also); }, null);
            }
            case nameof(GridPretrainingHead) or nameof(PretrainingHead):
            {
                var frames = World.Scenes.Stream(Split.Train, 0, 8).Select(SceneRenderer.Render).ToArray();
                var images = Batches.Images(frames);                                                              // (8, 3, 64, 64)
                if (model == nameof(PretrainingHead))
                {
                    var labels = Batches.Vectors(frames.Select(f => Tags.MultiHot(f.Scene)).ToArray());          // (8, tags) 0/1
                    var pooledHead = new PretrainingHead(encoder, (int)labels.shape[1]);
                    return (pooledHead, _ => { var rows = Rows(4, 8); return pooledHead.Loss(images.index_select(0, rows), labels.index_select(0, rows)); }, null);
                }
                var cells = Batches.Vectors(frames.Select(f => PretrainedEncoders.CellLabels(f, encoder.GridSize)).ToArray())
                                   .reshape(8, encoder.NumPixels, PretrainedEncoders.NumLabels);                 // (8, cells, labels)
                var head = new GridPretrainingHead(encoder, PretrainedEncoders.NumLabels);
                return (head, _ => { var rows = Rows(4, 8); return head.Loss(images.index_select(0, rows), cells.index_select(0, rows)); }, null); // PretrainedEncoders.Pretrain's step
            }
            case nameof(SkipGram):
            {
                var n = Vocabulary.Text.Count;
                var centres = Rows(200, n);                                                                      // (pairs)
                var contexts = Rows(200, n);                                                                     // (pairs)
                var noise = ones(n);                                                                             // (vocab) noise distribution
                var m = new SkipGram(n, 8);
                return (m, _ =>
                {
                    var rows = Rows(32, 200);                                                                    // (batch)
                    var negatives = multinomial(noise, 32 * 5, replacement: true).reshape(32, 5);               // (batch, k)
                    return m.Loss(centres.index_select(0, rows), contexts.index_select(0, rows), negatives);    // PretrainedWordVectors.Train's step
                }, null);
            }
            default: throw new ArgumentException($"no training case for {model}", nameof(model));
        }
    }

    [Theory]
    [InlineData("PretrainedEncoders.Pretrain")]
    [InlineData("PretrainedWordVectors.Train")]
    [InlineData("PretrainedVqa.Fit")]
    [InlineData("TextToImageGan.Fit")]
    [InlineData("GanEvaluation.Of")]
    public void A_library_training_run_leaves_nothing_behind_but_its_result(string run)
    {
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        Seed(2);
        Action once;
        switch (run)
        {
            case "PretrainedEncoders.Pretrain":
                var tiny = new EncoderPretrainingConfig(Scenes: 12, Steps: 3, BatchSize: 4, Encoder: new ImageEncoderConfig(Width: 8, Groups: 4));
                once = () => PretrainedEncoders.Pretrain(World, tiny).Encoder.Dispose();                          // the encoder is the caller's
                break;
            case "PretrainedWordVectors.Train":
                var small = new WordVectorConfig(Dim: 8, Steps: 3, BatchSize: 64, Scenes: 20, Recipes: 5);
                once = () => PretrainedWordVectors.Train(World, small).Vectors.Dispose();                         // the vectors are the caller's
                break;
            case "TextToImageGan.Fit":
                var crops = ObjectCrops.Load(ObjectCrops.World(), Split.Train, 8);
                var text = randn(8, 32);                                                                         // (crops, TextDim)
                var gan = new TextToImageGan(new TextToImageGanConfig(Width: 4));
                once = () => gan.Fit(crops, text, new GanTrainingConfig(Steps: 3, BatchSize: 4, Scenes: 8), showProgress: false);   // two fresh optimisers every call
                break;
            case "GanEvaluation.Of":
                var real = ObjectCrops.Load(ObjectCrops.World(), Split.Test, 6);
                var words = new WordVectors(Vocabulary.Text, randn(Vocabulary.Text.Count, 32));
                var encoder = new SentenceEncoder(words);
                var generator = new TextToImageGenerator(new TextToImageGanConfig(Width: 4));
                var judge = new AttributeClassifier();
                once = () => GanEvaluation.Of(generator, judge, encoder, real);
                break;
            default:
                var data = AnsweredScenes.Cached(World, SmallEncoder(), Split.Train, 4);
                var model = new StackedAttentionVqa((int)data.Features.shape[1], new VqaConfig(EmbedDim: 8, QuestionDim: 16, FusionDim: 16, AttentionDim: 8, ClassifierDim: 16));
                once = () => PretrainedVqa.Fit(model, data, new VqaTrainingConfig(Scenes: 4, Steps: 3, BatchSize: 8), showProgress: false); // a fresh optimiser every call
                break;
        }
        AssertNoLeak($"a run of {run}", once);
    }

    [Theory]
    [InlineData("ShowAndTell.Greedy")]
    [InlineData("ShowAndTell.BeamSearch")]
    [InlineData("ShowAttendTell.Greedy")]
    [InlineData("ShowAttendTell.GreedyFromFeatures")]
    [InlineData("ShowAttendTell.BeamSearch")]
    [InlineData("ShowAttendTell.BeamSearchFromFeatures")]
    [InlineData("ShowAttendTell.Beam")]
    [InlineData("CaptionEvaluation.Run (greedy)")]
    [InlineData("CaptionEvaluation.Run (beam)")]
    public void Decoding_leaves_nothing_behind_but_the_attention_maps_it_returns(string decoder)
    {
        using var scope = NewDisposeScope();
        Seed(3);
        var encoder = SmallEncoder();
        var vocab = Vocabulary.Captions;
        var tokens = SpecialTokens.Of(vocab);
        var showTell = new ShowAndTell(encoder, new ShowAndTellConfig(vocab.Count, tokens, EmbedDim: 16, HiddenDim: 32));
        var attend = new ShowAttendTell(encoder, new ShowAttendTellConfig(vocab.Count, tokens, EmbedDim: 16, HiddenDim: 32, AttentionDim: 16, CoordinateChannels: true));
        var scenes = EncodedScenes.Encode(World, encoder, Split.Test, 3);
        var images = Batches.Images(scenes.Samples.Select(s => s.Frame).ToArray());    // (3, 3, 64, 64)
        var image = images[0];                                                          // (3, 64, 64); indexed here, not inside the measured calls
        var features = scenes.Features[..1];                                            // (1, encoderDim, g, g)
        Func<IEnumerable<Caption>> decode = decoder switch
        {
            "ShowAndTell.Greedy" => () => showTell.Greedy(images, maxLength: 8),
            "ShowAndTell.BeamSearch" => () => showTell.BeamSearch(image, beamWidth: 3, maxLength: 8),
            "ShowAttendTell.Greedy" => () => attend.Greedy(images, maxLength: 8),
            "ShowAttendTell.GreedyFromFeatures" => () => attend.GreedyFromFeatures(scenes.Features, maxLength: 8),
            "ShowAttendTell.BeamSearch" => () => attend.BeamSearch(image, beamWidth: 3, maxLength: 8),
            "ShowAttendTell.BeamSearchFromFeatures" => () => attend.BeamSearchFromFeatures(features, beamWidth: 3, maxLength: 8),
            "ShowAttendTell.Beam" => () => [attend.Beam(image, beamWidth: 3, maxLength: 8)],
            "CaptionEvaluation.Run (greedy)" => () => CaptionEvaluation.Run(attend, scenes, maxLength: 8).Captions,
            "CaptionEvaluation.Run (beam)" => () => CaptionEvaluation.Run(attend, scenes, beamWidth: 3, maxLength: 8).Captions,
            _ => throw new ArgumentException($"no decoding case for {decoder}", nameof(decoder)),
        };
        AssertNoLeak(decoder, () => { foreach (var c in decode()) c.Attention?.Dispose(); });   // the maps a caller gets are the caller's to free
    }

    [Theory]
    [InlineData("AttentionOverlay.Overlay")]
    [InlineData("AttentionOverlay.Normalized")]
    [InlineData("AttentionOverlay.Grid")]
    [InlineData("AttentionOverlay.Animation")]
    [InlineData("AttentionOverlay.Gif")]
    [InlineData("Heatmap.ToImage")]
    [InlineData("Heatmap.Plot")]
    [InlineData("SpectrogramImage.Of (tensor)")]
    [InlineData("SpectrogramImage.Of (samples)")]
    [InlineData("SpectrogramImage.Plot")]
    [InlineData("SlidingWindowAnimation (Chart, Gif)")]
    [InlineData("AudioPlayer.FromTensor ([time])")]
    [InlineData("AudioPlayer.FromTensor ([1, time])")]
    [InlineData("NotebookFormatters.TensorText (printed)")]
    [InlineData("NotebookFormatters.TensorText (summarised)")]
    [InlineData("TensorImage.Grid")]
    [InlineData("FrameAnimation (Animation, Gif)")]
    public void A_display_function_leaves_no_tensor_behind(string display)
    {
        using var scope = NewDisposeScope();
        Seed(4);
        using var image = new Image<Rgb24>(64, 64, new Rgb24(200, 100, 0));
        var words = new[] { "a", "red", "circle" };
        var attention = softmax(randn(3, 64), 1).reshape(3, 8, 8);                     // (words, g, g), like Caption.Attention
        var map = attention[0];                                                         // (g, g)
        var matrix = randn(20, 30);                                                     // 600 values: printed summarised
        var small = randn(3, 4);                                                        // 12 values: printed in full
        var settings = new StftSettings(256, 128, 256, WindowKind.Hamming, true, true, PadMode.Reflect, false, true);
        var wave = Signals.Chirp(200, 3000, 0.25, 8000);                                // [2000]
        var batchedWave = wave.unsqueeze(0);                                            // [1, 2000]
        var samples = wave.ToFloats();
        var pictures = rand(4, 3, 8, 8);                                                // (n, 3, H, W) in [0, 1]
        Action call = display switch
        {
            "AttentionOverlay.Overlay" => () => AttentionOverlay.Overlay(image, map, scale: 2).Dispose(),
            "AttentionOverlay.Normalized" => () => AttentionOverlay.Normalized(map, 64),
            "AttentionOverlay.Grid" => () => AttentionOverlay.Grid(image, words, attention).Dispose(),
            "AttentionOverlay.Animation" => () => AttentionOverlay.Animation(image, words, attention, scale: 2),
            "AttentionOverlay.Gif" => () => { foreach (var frame in AttentionOverlay.Gif(image, words, attention, scale: 2).Frames) frame.Dispose(); },
            "Heatmap.ToImage" => () => Heatmap.ToImage(matrix, cellWidth: 2, cellHeight: 2).Dispose(),
            "Heatmap.Plot" => () => Heatmap.Plot(matrix, new Axis("column", 0, 30), new Axis("row", 20, 0), "value", originLower: false),
            "SpectrogramImage.Of (tensor)" => () => SpectrogramImage.Of(wave, settings).Dispose(),
            "SpectrogramImage.Of (samples)" => () => SpectrogramImage.Of(samples, settings).Dispose(),
            "SpectrogramImage.Plot" => () => SpectrogramImage.Plot(wave, 8000, settings),
            "SlidingWindowAnimation (Chart, Gif)" => () =>
            {
                var animation = new SlidingWindowAnimation(wave, 8000, settings, maxSteps: 6);
                animation.Chart();
                foreach (var frame in animation.Gif(width: 200).Frames) frame.Dispose();
            },
            "AudioPlayer.FromTensor ([time])" => () => AudioPlayer.FromTensor(wave, 8000),
            "AudioPlayer.FromTensor ([1, time])" => () => AudioPlayer.FromTensor(batchedWave, 8000),
            "NotebookFormatters.TensorText (printed)" => () => NotebookFormatters.TensorText(small),
            "NotebookFormatters.TensorText (summarised)" => () => NotebookFormatters.TensorText(matrix),
            "TensorImage.Grid" => () => TensorImage.Grid(pictures, columns: 2, scale: 2).Dispose(),
            "FrameAnimation (Animation, Gif)" => () =>
            {
                FrameAnimation.Animation([image, image], ["a", "b"], "frames");
                foreach (var frame in FrameAnimation.Gif([image, image], ["a", "b"], "frames").Frames) frame.Dispose();
            },
            _ => throw new ArgumentException($"no display case for {display}", nameof(display)),
        };
        AssertNoLeak(display, call);
    }
}
