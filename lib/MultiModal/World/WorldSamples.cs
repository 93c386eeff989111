using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MultiModal.World;

/// <summary>
/// Writes the small sample files that <c>data/README.md</c> shows (one picture and one sound per dataset),
/// reproducibly: the same call always writes the same bytes. Regenerate with
/// <c>dotnet run -c Release --project lib/MultiModal.Benchmarks -- world-samples</c>.
/// </summary>
public static class WorldSamples
{
    /// <summary>The seed the samples are drawn from.</summary>
    public const int Seed = 1;

    /// <summary>Writes every sample file into <paramref name="folder"/> (created if needed); returns the file names written.</summary>
    public static IReadOnlyList<string> WriteTo(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var world = new SyntheticWorld(Seed);
        var written = new List<string>();
        void Png(string name, Image image)
        {
            using (image) image.Save(Path.Combine(folder, name), new PngEncoder { CompressionLevel = PngCompressionLevel.BestCompression });
            written.Add(name);
        }
        void Wav(string name, float[] audio, int rate)
        {
            File.WriteAllBytes(Path.Combine(folder, name), Audio.Wav.ToBytes(audio, rate, 1, Audio.WavSampleFormat.Pcm16));
            written.Add(name);
        }
        void Text(string name, IEnumerable<string> lines)
        {
            File.WriteAllText(Path.Combine(folder, name), string.Join("\n", lines) + "\n");
            written.Add(name);
        }

        // Scenes: a grid of 8 training scenes, one scene with its masks, its captions and questions.
        var samples = world.Samples(Split.Train, 0, 8).ToList();
        Png("scenes.png", Grid(samples.Select(s => s.Frame.ToImage()).ToList(), 4, 2));
        var first = samples[0];
        Png("scene_masks.png", Grid([first.Frame.ToImage(), first.Frame.ToMaskImage()], 2, 2));
        Text("scene.txt", [$"scene: {first.Scene}", "captions:", .. first.Captions.Select(c => "  " + c), $"tags: {string.Join(' ', first.Tags)}",
            "questions:", .. first.Questions.Select(q => "  " + q)]);
        Png("heldout.png", Grid(world.Samples(Split.HeldOut, 0, 4).Select(s => s.Frame.ToImage()).ToList(), 4, 2));

        // Sounds: the clip of scene 0.
        var clip = world.Clip(Split.Train, 0);
        Wav("clip.wav", clip.Audio, clip.SampleRate);

        // Recipes.
        var recipes = world.Recipes.Stream(Split.Train, 0, 8).ToList();
        Png("recipes.png", Grid(recipes.Select(r => (Image)r.ToImage()).ToList(), 4, 2));
        Text("recipes.txt", recipes.Take(4).SelectMany(r => new[] { $"{r.Title} [{RecipeBook.Name(r.Category)}]", "  ingredients: " + string.Join(", ", r.Ingredients), "  steps: " + string.Join("; ", r.Steps) }));

        // Speakers: 8 faces, and speaker 0 saying a caption.
        var speakers = world.Speakers.All(Split.Train).Take(8).ToList();
        Png("faces.png", Grid(speakers.Select(s => (Image)s.FaceImage()).ToList(), 4, 2));
        var said = first.Captions.OrderBy(c => c.Length).First();
        var utterance = speakers[0].Say(said);
        Wav("voice.wav", utterance.Audio, utterance.SampleRate);
        Text("voice.txt", [$"speaker {speakers[0].Id}: pitch {speakers[0].Voice.PitchHz:F1} Hz, formant scale {speakers[0].Voice.FormantScale:F3}, {speakers[0].Voice.UnitsPerSecond:F2} units/s",
            $"text: {said}", $"units: {SpeechUnits.Spell(utterance.Units)}"]);

        // Mixture of two talking faces.
        var mixture = world.Mixtures.Generate(Split.Train, 0);
        Png("mixture.png", Scale(mixture.SideBySide(), 2));
        Wav("mixture.wav", mixture.Mix, mixture.SampleRate);
        Text("mixture.txt", [$"speaker A {mixture.Speakers[0].Id}: {mixture.Texts[0]}", $"speaker B {mixture.Speakers[1].Id}: {mixture.Texts[1]}"]);
        return written;
    }

    private static Image Scale(Image image, int factor)
    {
        image.Mutate(x => x.Resize(image.Width * factor, image.Height * factor, KnownResamplers.NearestNeighbor));
        return image;
    }

    /// <summary>Tiles equally sized images into a grid with 2-pixel white gutters, each scaled by <paramref name="scale"/> (nearest neighbour). The input images are disposed.</summary>
    public static Image<Rgb24> Grid(IReadOnlyList<Image> images, int columns, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("Need at least one image.", nameof(images));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be at least 1.");
        int w = images[0].Width * scale, h = images[0].Height * scale, gap = 2;
        var rows = (images.Count + columns - 1) / columns;
        var cols = Math.Min(columns, images.Count);
        var grid = new Image<Rgb24>(cols * (w + gap) + gap, rows * (h + gap) + gap, new Rgb24(255, 255, 255));
        for (var i = 0; i < images.Count; i++)
        {
            using var tile = images[i].CloneAs<Rgb24>();
            if (scale != 1) tile.Mutate(x => x.Resize(w, h, KnownResamplers.NearestNeighbor));
            var at = new Point(gap + i % columns * (w + gap), gap + i / columns * (h + gap));
            grid.Mutate(x => x.DrawImage(tile, at, 1f));
            images[i].Dispose();
        }
        return grid;
    }
}
