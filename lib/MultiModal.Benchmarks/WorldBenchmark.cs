using System.Diagnostics;
using MultiModal.World;

namespace MultiModal.Benchmarks;

/// <summary>Generating the synthetic world: 10,000 scenes with image, masks, captions, Q&amp;A and a 1 s, 16 kHz soundtrack each.</summary>
public sealed class WorldBenchmark : IBenchmark
{
    public string Name => "world";
    public string Description => "10,000 scenes + captions + Q&A + 1 s audio (streamed): samples/s and peak RSS; target well under 60 s";

    public void Run(TextWriter output)
    {
        var world = new SyntheticWorld(seed: 1);
        const int n = 10_000;
        var rssBefore = Measure.RssMiB();
        var sw = Stopwatch.StartNew();
        long checksum = 0, words = 0;
        foreach (var scene in world.Scenes.Stream(Split.Train, 0, n))
        {
            var sample = world.Describe(scene);
            var clip = world.Sounds.Clip(sample.Frame);
            checksum += sample.Frame.Pixels[100] + clip.Audio.Length + sample.Questions.Count;
            words += sample.Captions.Sum(c => c.Length);
        }
        var seconds = sw.Elapsed.TotalSeconds;
        output.WriteLine($"  {n} samples in {seconds:F1} s = {n / seconds:F0} samples/s (checksum {checksum}, {words} caption chars)");
        output.WriteLine($"  RSS before {rssBefore:F0} MiB, after {Measure.RssMiB():F0} MiB, peak {Measure.PeakRssMiB():F0} MiB");

        sw.Restart();
        var parts = new (string Name, Func<int, object> Make)[]
        {
            ("scene only", i => world.Scenes.Generate(Split.Train, i)),
            ("render", i => SceneRenderer.Render(world.Scenes.Generate(Split.Train, i))),
            ("sample (render+captions+Q&A)", i => world.Sample(Split.Train, i)),
            ("clip (render+1 s audio)", i => world.Clip(Split.Train, i)),
            ("recipe", i => world.Recipes.Generate(Split.Train, i)),
            ("face", i => world.Speakers.Get(Split.Train, i % 200).Face()),
            ("utterance (caption)", i => world.Speakers.Get(Split.Train, i % 200).Say("a red circle is left of a blue square")),
            ("mixture (2 s)", i => world.Mixtures.Generate(Split.Train, i)),
        };
        foreach (var (name, make) in parts)
        {
            const int m = 500;
            sw.Restart();
            for (var i = 0; i < m; i++) make(i);
            output.WriteLine($"  {name,-30} {m / sw.Elapsed.TotalSeconds,9:F0} /s");
        }
    }
}
