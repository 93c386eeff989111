using MultiModal.Training;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Models.Captioning;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;

namespace MultiModal.Benchmarks;

/// <summary>
/// Captioning: train-step time of Show and Tell and Show, Attend and Tell (default sizes, batch 32, captions of 12
/// tokens, vocabulary 40), greedy and beam decoding throughput, and RSS over 1,000 training steps of Show, Attend and Tell
/// (the largest model) through <see cref="Trainer"/> and over 400 greedy + beam decodes (target: less than 5 % growth after warm-up).
/// </summary>
public sealed class CaptioningBenchmark : IBenchmark
{
    public string Name => "captioning";
    public string Description => "Show(-Attend)-and-Tell train step ms, greedy/beam images/s, RSS over 1,000 Trainer steps and 400 decodes (target: < 5 % growth)";

    private const int Batch = 32, Length = 12, Vocab = 40;
    private static readonly SpecialTokens Tokens = new(1, 2, 0);

    public void Run(TextWriter output)
    {
        Course.Seed(0);
        var encoder = new ImageEncoder();
        var images = rand(Batch, 3, 64, 64);
        var captions = randint(3, Vocab, [Batch, Length]);
        captions[.., 0] = tensor((long)Tokens.Start);
        captions[.., Length - 1] = tensor((long)Tokens.End);
        var tell = new ShowAndTell(encoder, new ShowAndTellConfig(Vocab, Tokens));
        var attend = new ShowAttendTell(encoder, new ShowAttendTellConfig(Vocab, Tokens));
        var features = tell.Encode(images);                                   // (32, 128, 8, 8), frozen encoder

        // On a shared machine (load > cores) OpenMP threads spin against each other: measure with 1 thread and with all.
        output.WriteLine($"  load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var allThreads = torch.get_num_threads();
        foreach (var threads in new[] { 1, allThreads }.Distinct())
        {
            torch.set_num_threads(threads);
            output.WriteLine($"  -- {threads} thread(s)");
            Timings(output, encoder, images, captions, tell, attend, features);
        }
        torch.set_num_threads(1);
        output.WriteLine("  -- RSS run with 1 thread");
        MemoryRun(output, encoder, captions, features);
        torch.set_num_threads(allThreads);
    }

    private static void Timings(TextWriter output, ImageEncoder encoder, Tensor images, Tensor captions, ShowAndTell tell, ShowAttendTell attend, Tensor features)
    {
        output.WriteLine($"  encoder forward, batch {Batch}: {Measure.MedianMs(() => { using var s = NewDisposeScope(); encoder.forward(images); }, runs: 5):F1} ms");
        foreach (var (name, model) in new (string, CaptionModel)[] { ("ShowAndTell", tell), ("ShowAttendTell", attend) })
        {
            var opt = new MultiModal.Training.Adam(model.TrainableParameters(), 1e-3);
            void StepOn(Tensor input, bool fromImages)
            {
                using var scope = NewDisposeScope();
                opt.zero_grad();
                var loss = fromImages ? model.Loss(input, captions) : model.LossFromFeatures(input, captions);
                loss.backward();
                opt.step();
            }
            model.train();
            var fromFeatures = Measure.MedianMs(() => StepOn(features, false), runs: 7);
            var fromImages = Measure.MedianMs(() => StepOn(images, true), runs: 5);
            var greedy = Measure.MedianMs(() => { using var s = NewDisposeScope(); model.Greedy(images, maxLength: 12); }, runs: 5);
            var beam = Measure.MedianMs(() => { using var s = NewDisposeScope(); for (var i = 0; i < 8; i++) model.Beam(images[i], beamWidth: 3, maxLength: 12); }, runs: 3);
            output.WriteLine($"  {name,-15} train step {fromFeatures,6:F1} ms on cached features, {fromImages,6:F1} ms from images | greedy {Batch * 1000 / greedy,6:F0} images/s (batch {Batch}) | beam-3 {8 * 1000 / beam,5:F1} images/s");
        }
        // Notebook 05's second model: coordinate channels + supervised attention (extra loss term, same decoder).
        var supervised = new ShowAttendTell(encoder, new ShowAttendTellConfig(Vocab, Tokens, CoordinateChannels: true, AttentionSupervisionWeight: 1));
        var targets = softmax(rand(Batch, Length - 1, 64) * 5, 2);          // (32, 11, 64) ground-truth attention rows
        var optimizer = new MultiModal.Training.Adam(supervised.TrainableParameters(), 1e-3);
        supervised.train();
        var supervisedMs = Measure.MedianMs(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            supervised.LossFromFeatures(features, captions, targets).backward();
            optimizer.step();
        }, runs: 7);
        output.WriteLine($"  {"SAT+supervised",-15} train step {supervisedMs,6:F1} ms on cached features (coordinate channels, attention targets)");

    }

    private static void MemoryRun(TextWriter output, ImageEncoder encoder, Tensor captions, Tensor features)
    {
        // RSS over a long run of the largest model: Show, Attend and Tell through the Trainer (dispose scope per step + GC every 25 steps).
        var sat = new ShowAttendTell(encoder, new ShowAttendTellConfig(Vocab, Tokens));
        var optimizer = new MultiModal.Training.Adam(sat.TrainableParameters(), 1e-3);
        var rss = new List<(int Step, double MiB)>();
        Trainer.Train(sat, optimizer, step =>
        {
            if (step % 100 == 0) rss.Add((step, Measure.RssMiB()));
            return sat.LossFromFeatures(features, captions);
        }, new TrainerConfig(Steps: 1001, ClipGradNorm: 5, ShowProgress: false));
        Measure.ReportRssGrowth(output, "ShowAttendTell RSS over 1,000 Trainer steps", rss, warmUp: 200);

        // Decoding: greedy over the batch and beam search per image, many times, each call in the caller's dispose scope.
        sat.eval();
        var images = rand(Batch, 3, 64, 64);
        rss.Clear();
        for (var i = 0; i <= 400; i++)
        {
            if (i % 50 == 0) { GC.Collect(); rss.Add((i, Measure.RssMiB())); }
            using var scope = NewDisposeScope();
            sat.Greedy(images, maxLength: 12);
            sat.Beam(images[i % Batch], beamWidth: 3, maxLength: 12);
        }
        Measure.ReportRssGrowth(output, "ShowAttendTell RSS over 400 greedy (batch 32) + beam-3 decodes", rss, warmUp: 100);
    }
}
