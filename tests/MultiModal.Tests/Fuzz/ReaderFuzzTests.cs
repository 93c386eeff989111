using System.Text;
using CsCheck;
using MultiModal.Audio;
using MultiModal.CourseTool.Exercises;
using MultiModal.CourseTool.Notebooks;
using MultiModal.Platform;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using Xunit;

namespace MultiModal.Tests.Fuzz;

/// <summary>
/// Every reader and parser, fed random and mutated input (CsCheck: generated cases, shrunk to the smallest failing one):
/// each input ends in a result or in the reader's own exception with a message naming the problem — never another
/// exception type, a hang, or an allocation a lying size field asked for. The number of cases is in each test's name.
/// </summary>
public class ReaderFuzzTests
{
    /// <summary>Cases per test are multiplied by <c>MULTIMODAL_FUZZ_SCALE</c> (default 1) for a longer search: the names give the default counts.</summary>
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("MULTIMODAL_FUZZ_SCALE"), out var s) && s > 0 ? s : 1;

    private static readonly byte[] Wav16 = Wav.ToBytes(Enumerable.Range(0, 400).Select(i => (float)Math.Sin(i * 0.1) * 0.5f).ToArray(), 16000, 1);
    private static readonly byte[] WavFloat = Wav.ToBytes(Enumerable.Range(0, 300).Select(i => (float)Math.Cos(i * 0.2) * 0.5f).ToArray(), 8000, 2, WavSampleFormat.Float32);

    /// <summary>A valid file with one mutation: truncated, bytes overwritten, or a 32-bit size field set to a lie.</summary>
    private static Gen<byte[]> Mutated(params byte[][] valid) =>
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.UInt, Gen.Byte.Array[1, 8]).Select(t =>
        {
            var (which, kind, at, value, bytes) = t;
            var b = (byte[])valid[which].Clone();
            switch (kind)
            {
                case 0: return b[..(at % (b.Length + 1))];                                                         // truncated
                case 1: for (var i = 0; i < bytes.Length; i++) b[(at + i) % b.Length] = bytes[i]; return b;        // overwritten
                case 2:                                                                                            // a size field lies
                    var field = new[] { 4, 16, 40, 40, at % Math.Max(1, b.Length - 4) }[at % 5];
                    BitConverter.TryWriteBytes(b.AsSpan(Math.Min(field, b.Length - 4), 4), at % 3 == 0 ? uint.MaxValue : at % 3 == 1 ? 0x7FFFFFF0u : value);
                    return b;
                default: return [.. b, .. bytes];                                                                  // trailing junk
            }
        });

    private static void ReadsOrSaysWhy(byte[] bytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var audio = Wav.Read(new MemoryStream(bytes), "fuzz.wav");
            using (audio.Samples)
            {
                Assert.True(audio.Samples.shape[1] > 0 && audio.SampleRate > 0, $"a WAV without samples or rate was accepted: {Convert.ToHexString(bytes)}");
                Assert.True(audio.Samples.isfinite().all().item<bool>(), "non-finite samples");
            }
        }
        catch (InvalidDataException e)
        {
            Assert.Contains("fuzz.wav", e.Message);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (16 << 20) + 64L * bytes.Length, $"reading {bytes.Length} bytes allocated {allocated >> 20} MB: a size field was believed ({Convert.ToHexString(bytes[..Math.Min(64, bytes.Length)])})");
    }

    [Fact]
    public void Wav_reader_5000_random_byte_strings() =>
        Gen.OneOf(Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 120].Select(b => (byte[])[.. "RIFF"u8, 0, 1, 0, 0, .. "WAVEfmt "u8, .. b])).Sample(ReadsOrSaysWhy, iter: 5000 * Scale);

    [Fact]
    public void Wav_reader_5000_mutated_files_truncated_overwritten_and_lying_sizes() =>
        Mutated(Wav16, WavFloat).Sample(ReadsOrSaysWhy, iter: 5000 * Scale);

    // ---- notebooks (.ipynb) and the exercise markers of the course tool ----

    private static readonly Gen<string> JsonValue = Gen.OneOf(
        Gen.Const("null"), Gen.Const("1"), Gen.Const("true"), Gen.Const("\"code\""), Gen.Const("\"markdown\""), Gen.Const("[\"x = 1;\\n\", 2]"),
        Gen.Const("{}"), Gen.Const("[]"), Gen.Const("\"// BEGIN SOLUTION 1.1\\nx\""), Gen.String[0, 6].Select(s => System.Text.Json.JsonSerializer.Serialize(s)));

    private static readonly Gen<string> Cell = Gen.Select(
        Gen.Select(Gen.OneOf("cell_type", "source", "outputs", "metadata", "id", "execution_count"), JsonValue).Array[0, 6],
        Gen.Bool).Select(t => t.Item2
            ? "{" + string.Join(",", t.Item1.DistinctBy(p => p.Item1).Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}"
            : "[1]");

    private static readonly Gen<string> NotebookJson = Gen.OneOf(
        Cell.Array[0, 5].Select(cells => $"{{\"cells\":[{string.Join(",", cells)}],\"metadata\":{{}},\"nbformat\":4,\"nbformat_minor\":5}}"),
        Cell.Array[0, 3].Select(cells => $"{{\"cells\":[{string.Join(",", cells)}]"),           // cut short
        JsonValue,
        Gen.String[0, 40]);

    [Fact]
    public void Notebook_reader_5000_random_documents_load_or_say_which_cell_is_wrong() =>
        NotebookJson.Sample(json =>
        {
            NotebookFile nb;
            try { nb = NotebookFile.Parse(json, "fuzz.ipynb"); }
            catch (NotebookFormatException e) { Assert.Contains("fuzz.ipynb", e.Message); return; }
            foreach (var c in nb.Cells) _ = (c.Kind, c.IsCode, c.Id, c.Source, c.Language, c.ExecutionCount, c.Outputs.Count(), c.Metadata);
            try { _ = ExerciseGenerator.Generate(nb).ToJson(); }
            catch (ExerciseFormatException e) { Assert.Contains("fuzz.ipynb", e.Message); }
            _ = nb.ToJson();
        }, iter: 5000 * Scale);

    private static readonly string[] MarkerLines =
    [
        "// BEGIN SOLUTION 1.2", "    // BEGIN SOLUTION 3.4", "// BEGIN SOLUTION", "// BEGIN SOLUTION x.y", "// END SOLUTION", "  // END SOLUTION",
        "// BEGIN HIDDEN", "// END HIDDEN", "return x;", "var y = 2; // BEGIN SOLUTION 1.1 in a comment", "", "}",
    ];

    /// <summary>An independent model of the marker rules: the expected student copy, or null when the markers are malformed.</summary>
    private static string? Expected(string[] lines)
    {
        var output = new List<string>();
        string? open = null;
        var hidden = false;
        foreach (var line in lines)
        {
            var t = line.Trim();
            if (t.StartsWith("// BEGIN SOLUTION", StringComparison.Ordinal))
            {
                var id = t["// BEGIN SOLUTION".Length..].Trim();
                if (open is not null || hidden || !System.Text.RegularExpressions.Regex.IsMatch(id, @"^\d+\.\d+$")) return null;
                open = id;
                output.Add(line[..(line.Length - line.TrimStart().Length)] + $"throw MultiModal.Exercises.Exercise.NotDone(\"{id}\");");
            }
            else if (t == "// END SOLUTION") { if (open is null) return null; open = null; }
            else if (t == "// BEGIN HIDDEN") { if (hidden || open is not null) return null; hidden = true; }
            else if (t == "// END HIDDEN") { if (!hidden) return null; hidden = false; }
            else if (open is null && !hidden) output.Add(line);
        }
        return open is null && !hidden ? string.Join("\n", output).TrimEnd('\n') : null;
    }

    [Fact]
    public void Exercise_markers_5000_random_cells_match_an_independent_model_of_the_rules() =>
        Gen.Int[0, MarkerLines.Length - 1].Array[0, 14].Select(ix => ix.Select(i => MarkerLines[i]).ToArray()).Sample(lines =>
        {
            var expected = Expected(lines);
            string? actual;
            try { actual = ExerciseGenerator.Strip(string.Join("\n", lines), "fuzz.ipynb", 3); }
            catch (ExerciseFormatException e) { Assert.Contains("fuzz.ipynb, cell 3", e.Message); actual = null; }
            Assert.Equal(expected, actual);
        }, iter: 5000 * Scale);

    // ---- ELF (the GLIBCXX compatibility patch reads the libraries it loads) ----

    private static readonly byte[] Elf = File.ReadAllBytes(new[] { "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1" }.First(File.Exists));

    [Fact]
    public void Elf_reader_3000_mutated_libraries_parse_or_say_what_is_wrong()
    {
        var header = Elf[..4096]; // the ELF header and program headers, where most fields live
        Gen.OneOf(Mutated(Elf), Mutated(header), Gen.Byte.Array[0, 200]).Sample(bytes =>
        {
            try
            {
                var elf = ElfVersionNeeds.Parse(bytes, "fuzz.so");
                foreach (var r in elf.Requirements) Assert.InRange(r.FlagsOffset, 0, bytes.Length - 2);
                elf.MarkWeak("GLIBCXX_3.4.32");
            }
            catch (InvalidDataException e) { Assert.Contains("fuzz.so", e.Message); }
        }, iter: 3000 * Scale);
    }

    // ---- checkpoints ----

    [Fact]
    public void Checkpoint_loader_600_damaged_files_load_or_say_what_is_wrong()
    {
        var dir = Directory.CreateTempSubdirectory("mm-fuzz-ckpt-").FullName;
        try
        {
            using var model = torch.nn.Sequential(("a", torch.nn.Linear(6, 4)), ("b", torch.nn.Linear(4, 3)));
            var good = Path.Combine(dir, "good.ckpt");
            Checkpoint.Save(model, good, "Fuzz", "{\"hidden\":4}");
            using var other = torch.nn.Linear(6, 5);
            var otherFile = Path.Combine(dir, "other.ckpt");
            Checkpoint.Save(other, otherFile, "Fuzz", "{\"hidden\":5}");
            var valid = File.ReadAllBytes(good);
            var file = Path.Combine(dir, "fuzz.ckpt");
            Gen.OneOf(Mutated(valid), Gen.Const(File.ReadAllBytes(otherFile)), Gen.Byte.Array[0, 100]).Sample(bytes =>
            {
                File.WriteAllBytes(file, bytes);
                using var target = torch.nn.Sequential(("a", torch.nn.Linear(6, 4)), ("b", torch.nn.Linear(4, 3)));
                try { Checkpoint.LoadInto(target, file, "Fuzz"); }
                catch (InvalidDataException e) { Assert.Contains("fuzz.ckpt", e.Message); }
            }, iter: 600 * Scale, threads: 1);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // ---- images given to the encoder ----

    [Fact]
    public void Image_input_400_random_batches_encode_or_say_what_was_expected()
    {
        using var encoder = new MultiModal.Models.Encoders.ImageEncoder(new MultiModal.Models.Encoders.ImageEncoderConfig(ImageSize: 16, Width: 8, Stages: 2, Groups: 4));
        var dtypes = new[] { torch.float32, torch.float64, torch.uint8, torch.int64, torch.@bool, torch.float16 };
        var accepted = 0;
        var shapes = Gen.Frequency(
            (2, Gen.Int[1, 4].Select(b => new[] { b, 3, 16, 16 })),                                                        // what it expects
            (2, Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3], Gen.Int[0, 20]).Select(t => { var s = new[] { 2, 3, 16, 16 }; s[t.Item1 % 4] = t.Item3; return t.Item2 == 0 ? s[1..] : s; })),
            (1, Gen.Int[0, 5].SelectMany(d => Gen.OneOf(Gen.Int[0, 20], Gen.OneOf(1, 3, 16)).Array[d])));                  // anything
        Gen.Select(shapes, Gen.Frequency((3, Gen.Const(0)), (2, Gen.Int[1, dtypes.Length - 1])), Gen.Int[0, 4]).Sample(t =>
        {
            var (shape, dtype, values) = t;
            if (shape.Aggregate(1L, (a, b) => a * b) > 200_000) return;
            using var scope = torch.NewDisposeScope();
            var images = torch.rand(shape.Select(x => (long)x).ToArray());                           // (random shape)
            if (values == 1 && shape.Length > 0 && images.numel() > 0) images.view(-1)[0] = torch.tensor(double.NaN);
            if (values == 2) images *= 255;
            images = images.to(dtypes[dtype]);
            try
            {
                var features = encoder.forward(images);                                              // (batch, 16, 4, 4)
                Assert.Equal(new long[] { shape[0], 16, 4, 4 }, features.shape);
                Assert.True(features.isfinite().all().item<bool>(), "non-finite features from accepted images");
                accepted++;
            }
            catch (ArgumentException e) { Assert.StartsWith("ImageEncoder: expected", e.Message.Replace("ImageEncoder: the images contain", "ImageEncoder: expected")); }
        }, iter: 400 * Scale, threads: 1);
        Assert.True(accepted > 0, "no generated batch was valid: the generator no longer reaches the encoder");
    }

    // ---- the world's configuration ----

    /// <summary>Mostly a value the field accepts, sometimes one it must reject.</summary>
    private static Gen<T> Mostly<T>(Gen<T> valid, Gen<T> invalid) => Gen.Frequency((12, valid), (1, invalid));

    [Fact]
    public void World_config_300_random_configurations_validate_or_name_the_field_and_valid_ones_make_a_scene_and_a_clip()
    {
        var odd = Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -1.0, 1e300);
        var valid = 0;
        Gen.Select(
                Gen.Select(Mostly(Gen.Int[40, 96], Gen.Int[-5, 39]), Mostly(Gen.Int[1, 3], Gen.Int[-2, 0]), Mostly(Gen.Int[3, 6], Gen.Int[7, 12]),
                    Mostly(Gen.Int[3, 5], Gen.Int[-2, 2]), Mostly(Gen.Int[6, 9], Gen.Int[-2, 5]), Mostly(Gen.Int[1, 6], Gen.Int[-2, 0])),
                Gen.Select(Mostly(Gen.Int[4000, 48000], Gen.Int[-100, 3999]), Mostly(Gen.Double[0.05, 1.5], odd), Mostly(Gen.Int[1, 3], Gen.Int[-1, 0]),
                    Mostly(Gen.Double[0.01, 1], odd), Mostly(Gen.Double[0, 0.5], odd)),
                Gen.Select(Mostly(Gen.Int[1, 300], Gen.Int[-3, 0]), Mostly(Gen.Int[1, 8], Gen.Int[-5, 0]), Mostly(Gen.Int[0, 10], Gen.Int[-2, -1])))
            .Sample(t =>
            {
                var ((size, min, max, small, large, margin), (rate, seconds, sounding, level, ambience), (train, captions, questions)) = t;
                var config = new WorldConfig
                {
                    Scenes = new SceneConfig { ImageSize = size, MinObjects = min, MaxObjects = max, SmallRadius = small, LargeRadius = large, RelationMargin = margin, CaptionsPerScene = captions, QuestionsPerScene = questions },
                    Sounds = new SoundConfig { SampleRate = rate, ClipSeconds = seconds, MaxSoundingObjects = sounding, ObjectLevel = level, AmbienceLevel = ambience },
                    TrainSize = train,
                };
                try { config.Validate(); }
                catch (ArgumentException e)
                {
                    Assert.Matches(@"(World|Scene|Sound|Speaker)Config\.\w+", e.Message);
                    return;
                }
                Interlocked.Increment(ref valid);
                var world = new SyntheticWorld(1, config);
                var sample = world.Sample(Split.Train, 0);
                Assert.NotEmpty(sample.Captions);
                var clip = world.Clip(Split.Train, 0);
                Assert.Equal(config.Sounds.ClipSamples, clip.Audio.Length);
                Assert.All(clip.Audio, a => Assert.True(float.IsFinite(a)));
            }, iter: 300 * Scale, threads: 1);
        Assert.True(valid >= 30 * Scale, $"only {valid} of {300 * Scale} generated configurations were valid: the generator no longer reaches the world");
    }
}
