using MultiModal.World;
using Xunit;

namespace MultiModal.Tests.World;

public class SoundTests
{
    private static readonly WorldSounds Sounds = new(new SoundConfig(), seed: 1);

    [Theory]
    [InlineData(ObjectShape.Circle)]
    [InlineData(ObjectShape.Square)]
    [InlineData(ObjectShape.Diamond)]
    public void Measured_pitch_of_a_tone_matches_its_colour_within_one_percent(ObjectShape shape)
    {
        foreach (var color in Attributes.Colors)
            foreach (var size in Attributes.Sizes)
            {
                var expected = WorldSounds.Pitch(color, size);
                var audio = Sounds.ObjectSound(shape, color, size, 16000);
                // Diamonds beep for 80 ms every 125 ms: measure inside the first beep (10..75 ms).
                var segment = shape == ObjectShape.Diamond ? audio.AsSpan(160, 1040) : audio.AsSpan(2000, 4000);
                var measured = PitchMeter.Estimate(segment, 16000, minHz: 90, maxHz: 600);
                Assert.True(Math.Abs(measured - expected) <= 0.01 * expected, $"{shape} {color} {size}: expected {expected} Hz, measured {measured:F1} Hz");
            }
    }

    [Fact]
    public void Colour_sets_pitch_an_octave_apart_by_size_and_chirps_rise_one_octave()
    {
        Assert.Equal(2 * WorldSounds.Pitch(ObjectColor.Red, ObjectSize.Large), WorldSounds.Pitch(ObjectColor.Red, ObjectSize.Small));
        Assert.Equal(Attributes.Colors.Count, Attributes.Colors.Select(c => WorldSounds.Pitch(c, ObjectSize.Small)).Distinct().Count());
        var chirp = Sounds.ObjectSound(ObjectShape.Triangle, ObjectColor.Green, ObjectSize.Small, 16000);
        var start = PitchMeter.Estimate(chirp.AsSpan(400, 900), 16000, 150, 900);
        var end = PitchMeter.Estimate(chirp.AsSpan(14600, 900), 16000, 150, 900);
        Assert.InRange(end / start, 1.8, 2.05);
    }

    [Fact]
    public void Clips_have_the_declared_rate_and_length_no_clipping_and_known_sounding_objects()
    {
        var world = new SyntheticWorld(seed: 2, new WorldConfig { Sounds = new SoundConfig { MaxSoundingObjects = 2, ClipSeconds = 0.5 } });
        var counts = new int[3];
        foreach (var clip in world.Clips(Split.Train, 0, 60))
        {
            Assert.Equal(16000, clip.SampleRate);
            Assert.Equal(8000, clip.Audio.Length);
            var peak = clip.Audio.Max(MathF.Abs);
            Assert.True(peak <= 0.95f + 1e-6f, $"peak {peak}");
            Assert.True(peak > 0.05f, "silent clip");
            Assert.All(clip.SoundingObjects, i => Assert.InRange(i, 0, clip.Scene.Objects.Count - 1));
            Assert.Equal(clip.SoundingObjects.Count, clip.SoundingObjects.Distinct().Count());
            counts[clip.SoundingObjects.Count]++;
            // The sounding mask is exactly the union of those objects' pixels.
            var mask = clip.SoundingMask();
            var expected = clip.SoundingObjects.Sum(i => clip.Frame.Mask(i).Count(b => b));
            Assert.Equal(expected, mask.Count(b => b));
        }
        Assert.True(counts[1] > 0 && counts[2] > 0, "both one and two sounding objects should occur");
    }

    [Fact]
    public void A_single_circle_on_a_plain_background_sounds_at_its_colours_pitch()
    {
        var config = new WorldConfig { Scenes = new SceneConfig { MaxObjects = 1, UsePlaces = false } };
        var world = new SyntheticWorld(seed: 5, config);
        var scene = world.Scenes.Compose(Place.Plain, [(ObjectShape.Circle, ObjectColor.Purple, ObjectSize.Small)]);
        var clip = world.Sounds.Clip(SceneRenderer.Render(scene));
        var f = PitchMeter.Estimate(clip.Audio.AsSpan(1000, 4000), clip.SampleRate, 100, 800);
        Assert.InRange(f, 392 * 0.99, 392 * 1.01);
    }

    [Fact]
    public void Places_have_distinct_ambience_and_plain_is_silent()
    {
        Assert.All(Sounds.Ambience(Place.Plain, 1000), v => Assert.Equal(0f, v));
        foreach (var p in Attributes.Places)
        {
            var a = Sounds.Ambience(p, 16000, 3);
            var rms = Math.Sqrt(a.Average(v => (double)v * v));
            Assert.InRange(rms, 0.029, 0.031);   // AmbienceLevel 0.03
        }
        // Road hum is low-frequency: most energy changes slowly (mean |diff| much smaller than for sand surf).
        double Roughness(float[] a) => a.Zip(a.Skip(1), (x, y) => Math.Abs(y - x)).Average();
        Assert.True(Roughness(Sounds.Ambience(Place.Road, 16000)) < 0.5 * Roughness(Sounds.Ambience(Place.Water, 16000)));
    }

    [Fact]
    public void The_same_frame_with_another_object_sounding_sounds_at_that_objects_pitch_over_the_same_ambience()
    {
        var world = new SyntheticWorld(seed: 5, new WorldConfig { Scenes = new SceneConfig { MaxObjects = 2 } });
        var scene = world.Scenes.Compose(Place.Water, [(ObjectShape.Circle, ObjectColor.Purple, ObjectSize.Small), (ObjectShape.Circle, ObjectColor.Red, ObjectSize.Small)]);
        var frame = SceneRenderer.Render(scene);
        var chosen = world.Sounds.Clip(frame);                                    // one of the two, chosen by the scene's seed
        var own = chosen.SoundingObjects[0];
        Assert.Equal(chosen.Audio, world.Sounds.Clip(frame, [own]).Audio);        // naming the chosen one: the very same clip
        foreach (var i in new[] { 0, 1 })
        {
            var clip = world.Sounds.Clip(frame, [i]);
            Assert.Equal([i], clip.SoundingObjects);
            Assert.Same(frame, clip.Frame);
            var expected = WorldSounds.Pitch(scene.Objects[i].Color, scene.Objects[i].Size);
            var f = PitchMeter.Estimate(clip.Audio.AsSpan(1000, 4000), clip.SampleRate, 100, 1600);
            Assert.InRange(f, expected * 0.99, expected * 1.01);
        }
        var both = world.Sounds.Clip(frame, [1, 0]);
        Assert.Equal([0, 1], both.SoundingObjects);
        var e = Assert.Throws<ArgumentException>(() => world.Sounds.Clip(frame, [2]));
        Assert.Contains("index 0 … 1", e.Message);
        Assert.Throws<ArgumentException>(() => world.Sounds.Clip(frame, []));
        Assert.Throws<ArgumentException>(() => world.Sounds.Clip(frame, [0, 0]));
    }
}
