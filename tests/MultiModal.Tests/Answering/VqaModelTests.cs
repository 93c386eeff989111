using MultiModal.Metrics;
using MultiModal.Models.Answering;
using MultiModal.Models.Encoders;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Answering;

/// <summary>The VQA models, their data and their evaluation.</summary>
public class VqaModelTests
{
    private static readonly SyntheticWorld World = new(2);

    private static AnsweredScenes Scenes(int count, ImageEncoder encoder) => AnsweredScenes.Cached(World, encoder, Split.Train, count);

    private static IEnumerable<Func<int, VqaModel>> AllModels() =>
    [
        d => new PointwiseFusionVqa(d, new VqaConfig(FusionDim: 32, QuestionDim: 32, ClassifierDim: 32)),
        d => new StackedAttentionVqa(d, new VqaConfig(FusionDim: 32, QuestionDim: 32, AttentionDim: 16, ClassifierDim: 32)),
        d => new BlindVqa(VqaBaseline.QuestionOnly, d, new VqaConfig(QuestionDim: 32, ClassifierDim: 32)),
        d => new BlindVqa(VqaBaseline.ImageOnly, d, new VqaConfig(ClassifierDim: 32)),
    ];

    [Fact]
    public void Rows_pair_every_question_with_its_own_scene_features_and_answer()
    {
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        Captioning.CaptionTestData.Seed(1);
        var encoder = Captioning.CaptionTestData.SmallEncoder();
        using var data = Scenes(12, encoder);
        Assert.Equal(data.Samples.Sum(s => s.Questions.Count), data.Count);
        var (f, q, l, a) = data.Take([0, 7, data.Count - 1]);
        Assert.Equal(new long[] { 3, encoder.EncoderDim, encoder.GridSize, encoder.GridSize }, f.shape);
        foreach (var (row, i) in new[] { (0, 0), (7, 1), (data.Count - 1, 2) })
        {
            var (scene, qa) = data.Rows[row];
            Assert.Equal(data.Features[scene].ToFloats(), f[i].ToFloats());
            var ids = Vocabulary.Questions.Encode(qa.Question);
            Assert.Equal(ids.Length, l[i].item<long>());
            Assert.Equal(ids.Select(x => (long)x), q[i].ToFloats().Take(ids.Length).Select(x => (long)x));
            Assert.Equal(qa.Answer, QuestionGenerator.Answers[(int)a[i].item<long>()]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Take([data.Count]));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Batch(new Random(0), 0));
    }

    [Fact]
    public void The_question_vector_ignores_padding()
    {
        using var scope = NewDisposeScope();
        Captioning.CaptionTestData.Seed(2);
        var encoder = new QuestionEncoder(Vocabulary.Questions.Count, 8, 16);
        var ids = Vocabulary.Questions.Encode("what colour is the circle ?");
        using var alone = Batches.Tokens([ids]);                                      // (1, len)
        using var padded = Batches.Tokens([ids, Vocabulary.Questions.Encode("how many other objects have the same shape as the large red square ?")]);
        var a = encoder.forward(alone, tensor(new long[] { ids.Length }));
        var b = encoder.forward(padded, tensor(new long[] { ids.Length, padded.shape[1] }));
        Assert.Equal(new long[] { 2, 16 }, b.shape);
        Assert.True(allclose(a[0], b[0], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Every_model_overfits_one_batch()
    {
        using var cache = new TempCache();
        Captioning.CaptionTestData.Seed(3);
        var encoder = Captioning.CaptionTestData.SmallEncoder();
        using var data = Scenes(6, encoder);
        var rows = Enumerable.Range(0, 24).Select(i => (long)i).ToArray();
        foreach (var make in AllModels())
        {
            using var scope = NewDisposeScope();
            Captioning.CaptionTestData.Seed(4);
            var model = make(encoder.EncoderDim);
            var (f, q, l, a) = data.Take(rows);
            if (model is BlindVqa { Baseline: VqaBaseline.ImageOnly })
            {
                // An image-only model cannot tell a scene's six questions apart: it can at best learn each scene's most common answer.
                var before = model.Loss(f, q, l, a).item<float>();
                Trainer.Train(model, optim.Adam(model.parameters(), 3e-3), _ => model.Loss(f, q, l, a), new TrainerConfig(Steps: 200, ShowProgress: false));
                Assert.True(model.Loss(f, q, l, a).item<float>() < before * 0.6, model.GetName());
                continue;
            }
            var history = Trainer.Train(model, optim.Adam(model.parameters(), 3e-3), _ => model.Loss(f, q, l, a), new TrainerConfig(Steps: 300, ShowProgress: false));
            using (EvalScope.Of(model))
            {
                var right = (model.forward(f, q, l).argmax(1) == a).to_type(ScalarType.Float32).mean().item<float>();
                Assert.True(right > 0.95, $"{model.GetName()}: {right:P0} of one batch after 300 steps (loss {history.Recent():F3})");
            }
        }
    }

    [Fact]
    public void Attention_maps_are_distributions_over_the_grid_and_the_loss_has_gradients_everywhere()
    {
        using var scope = NewDisposeScope();
        Captioning.CaptionTestData.Seed(5);
        var model = new StackedAttentionVqa(16, new VqaConfig(FusionDim: 16, QuestionDim: 16, AttentionDim: 8, Hops: 3, ClassifierDim: 16));
        var features = randn(4, 16, 8, 8);
        var questions = Vocabulary.Questions.EncodeBatch(["what shape is closest to the red object ?", "is the circle left of the square ?", "where is this ?", "what size is the blue object ?"]);
        var lengths = (questions != Vocabulary.PadId).sum(dim: 1);
        var maps = model.AttentionMaps(features, questions, lengths);
        Assert.Equal(new long[] { 4, 3, 8, 8 }, maps.shape);
        Assert.True(allclose(maps.sum(new long[] { 2, 3 }), ones(4, 3), atol: 1e-5));
        model.Loss(features, questions, lengths, tensor(new long[] { 0, 1, 2, 3 })).backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient reaches {name}");
        // cell positions: row-major, x along columns, y along rows, corners at ±1
        var xy = StackedAttentionVqa.CellPositions(8);
        Assert.Equal(new[] { -1f, -1f }, xy[0].ToFloats());
        Assert.Equal(new[] { 1f, -1f }, xy[7].ToFloats());
        Assert.Equal(new[] { -1f, 1f }, xy[56].ToFloats());
    }

    [Fact]
    public void Bad_input_says_what_was_expected()
    {
        using var scope = NewDisposeScope();
        var model = new PointwiseFusionVqa(16, new VqaConfig(FusionDim: 8, QuestionDim: 8, ClassifierDim: 8));
        var questions = Vocabulary.Questions.EncodeBatch(["what colour is the circle ?"]);
        var lengths = tensor(new long[] { questions.shape[1] });
        var wrongImage = Assert.Throws<ArgumentException>(() => model.forward(randn(1, 3, 64, 64), questions, lengths));
        Assert.Contains("[batch, 16, g, g]", wrongImage.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => model.forward(randn(2, 16, 8, 8), questions, lengths));
        Assert.Contains("one question per image", mismatch.Message);
        var badId = Assert.Throws<ArgumentException>(() => model.forward(randn(1, 16, 8, 8), tensor(new long[,] { { 1, 999, 2 } }), tensor(new long[] { 3 })));
        Assert.Contains("question vocabulary", badId.Message);
        var badLength = Assert.Throws<ArgumentException>(() => model.forward(randn(1, 16, 8, 8), questions, tensor(new long[] { 0 })));
        Assert.Contains("lengths must lie in 1", badLength.Message);
        // unknown words become <unk>, an empty question is <start> <end>: both are answered, not crashes
        var odd = Vocabulary.Questions.EncodeBatch(["what colour is the zebra ?", ""]);
        Assert.Equal(Vocabulary.UnknownId, odd[0, 5].item<long>());
        using (EvalScope.Of(model))
            Assert.Equal(new long[] { 2, VqaModel.NumAnswers }, model.forward(randn(2, 16, 8, 8), odd, (odd != Vocabulary.PadId).sum(dim: 1)).shape);
        Assert.Throws<ArgumentException>(() => new VqaConfig(Hops: 0).Validate());
        Assert.Throws<ArgumentException>(() => new VqaTrainingConfig(LearningRate: double.NaN).Validate());
    }

    [Fact]
    public void Evaluation_groups_questions_by_kind_and_the_confusion_matrix_counts_pairs()
    {
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        var encoder = Captioning.CaptionTestData.SmallEncoder();
        using var data = Scenes(20, encoder);
        var truth = data.Rows.Select(r => QuestionBatch.AnswerIndex(r.Qa.Answer)).ToArray();
        var perfect = VqaEvaluation.Of(data, truth);
        Assert.Equal(1.0, perfect.Overall);
        Assert.Equal(1.0, perfect.Relational);
        // wrong exactly on the relational rows: relational 0, non-relational 1, overall = the non-relational share
        var wrongOnRelational = data.Rows.Select((r, i) => r.Qa.IsRelational ? (truth[i] + 1) % VqaModel.NumAnswers : truth[i]).ToArray();
        var e = VqaEvaluation.Of(data, wrongOnRelational);
        Assert.Equal(0.0, e.Relational);
        Assert.Equal(1.0, e.NonRelational);
        Assert.Equal(data.Rows.Count(r => !r.Qa.IsRelational) / (double)data.Count, e.Overall, 12);
        Assert.Equal(0.0, e.YesNo);
        Assert.Equal(data.Rows.Count(r => r.Qa.Type == QuestionType.LeftOf), e.ByType[QuestionType.LeftOf].Count);
        Assert.Throws<ArgumentException>(() => VqaEvaluation.Of(data, truth[1..]));

        var m = ConfusionMatrix.Of(["yes", "yes", "no", "no", "no"], ["yes", "no", "no", "no", "yes"], ["yes", "no"]);
        Assert.Equal(new[,] { { 1, 1 }, { 1, 2 } }, m.Counts);
        Assert.Equal(0.6, m.Accuracy, 12);
        Assert.Equal(2 / 3.0, m.RowShare(1, 1), 12);
        Assert.Contains("label 'maybe'", Assert.Throws<ArgumentException>(() => ConfusionMatrix.Of(["maybe"], ["yes"], ["yes", "no"])).Message);
        Assert.Contains(">2<", MultiModal.Display.ConfusionTable.Html(m));
    }

    [Fact]
    public void Fit_rejects_a_scene_count_that_does_not_match_the_data()
    {
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        var encoder = Captioning.CaptionTestData.SmallEncoder();
        using var data = Scenes(5, encoder);
        var model = new BlindVqa(VqaBaseline.QuestionOnly, encoder.EncoderDim);
        var e = Assert.Throws<ArgumentException>(() => PretrainedVqa.Fit(model, data, new VqaTrainingConfig(Scenes: 6, Steps: 1)));
        Assert.Contains("VqaTrainingConfig.Scenes", e.Message);
    }
}

/// <summary>Scaled dot-product attention against its formula computed element by element.</summary>
public class DotProductAttentionTests
{
    [Fact]
    public void Scores_are_scaled_inner_products_and_weights_are_their_softmax()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var attention = new MultiModal.Models.Attention.DotProductAttention(5, 3, 4);
        var features = randn(2, 6, 5);
        var query = randn(2, 3);
        var scores = attention.Scores(features, query);
        var wa = attention.FeatureProjection.weight!; var ba = attention.FeatureProjection.bias!;
        var wq = attention.QueryProjection.weight!; var bq = attention.QueryProjection.bias!;
        for (var b = 0; b < 2; b++)
        {
            var q = wq.matmul(query[b]) + bq;                                               // (4,)
            for (var i = 0; i < 6; i++)
            {
                var k = wa.matmul(features[b, i]) + ba;                                     // (4,)
                Assert.Equal((k * q).sum().item<float>() / 2f, scores[b, i].item<float>(), 4); // √4 = 2
            }
        }
        var (context, weights) = attention.forward(features, query);
        Assert.True(allclose(weights, softmax(scores, 1)));
        Assert.True(allclose(context, bmm(weights.unsqueeze(1), features).squeeze(1), atol: 1e-6));
        Assert.Throws<ArgumentException>(() => attention.Scores(randn(2, 5), query));
    }
}
