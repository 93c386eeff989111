using MultiModal.Models.Answering;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Benchmarks;

/// <summary>
/// VQA (notebook 07): train-step time of the four models at the training batch (256 rows of 8×8×128 features), and RSS
/// over 1,000 <see cref="Trainer"/> steps of the largest, the stacked-attention model (target: flat after warm-up).
/// </summary>
public sealed class AnsweringBenchmark : IBenchmark
{
    public string Name => "vqa-steps";
    public string Description => "VQA train step ms (pooled, stacked attention, question-only, image-only; batch 256), RSS over 1,000 steps (target: flat)";

    private const int Batch = 256;

    public void Run(TextWriter output)
    {
        Course.Seed(0);
        output.WriteLine($"  load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var features = randn(Batch, 128, 8, 8).relu();                                   // (256, 128, 8, 8)
        var texts = new SyntheticWorld(1).Samples(Split.Train, 0, Batch / 6 + 1).SelectMany(s => s.Questions).Take(Batch).ToArray();
        var questions = Vocabulary.Questions.EncodeBatch(texts.Select(q => q.Question).ToArray()); // (256, maxLen)
        var lengths = (questions != Vocabulary.PadId).sum(dim: 1);                        // (256,)
        var answers = tensor(texts.Select(q => (long)QuestionBatch.AnswerIndex(q.Answer)).ToArray());
        VqaModel[] models = [new PointwiseFusionVqa(128), new StackedAttentionVqa(128), new BlindVqa(VqaBaseline.QuestionOnly, 128), new BlindVqa(VqaBaseline.ImageOnly, 128)];
        foreach (var model in models)
        {
            var optimizer = new MultiModal.Training.Adam(model.parameters(), 1e-3);
            model.train();
            var ms = Measure.MedianMs(() =>
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                model.Loss(features, questions, lengths, answers).backward();
                optimizer.step();
            }, runs: 15, warmup: 3);
            output.WriteLine($"  {model.GetName(),-20} {(model is BlindVqa b ? b.Baseline.ToString() : ""),-13} train step, batch {Batch}: {ms,6:F1} ms");
        }
        var san = (StackedAttentionVqa)models[1];
        var rss = new List<(int Step, double MiB)>();
        Trainer.Train(san, new MultiModal.Training.Adam(san.parameters(), 1e-3), step =>
        {
            if (step % 100 == 0) rss.Add((step, Measure.RssMiB()));
            return san.Loss(features, questions, lengths, answers);
        }, new TrainerConfig(Steps: 1001, ShowProgress: false));
        output.WriteLine($"  StackedAttentionVqa RSS over 1,000 Trainer steps (MiB): {string.Join("  ", rss.Select(r => $"@{r.Step}: {r.MiB:F0}"))}");
        var growth = rss[^1].MiB - rss.First(r => r.Step == 200).MiB;
        output.WriteLine($"  growth step 200 → 1000: {growth:F1} MiB ({100 * growth / rss.First(r => r.Step == 200).MiB:F1} %) — target: flat (< 5 %)");
    }
}
