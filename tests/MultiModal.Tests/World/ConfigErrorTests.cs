using MultiModal.World;
using Xunit;

namespace MultiModal.Tests.World;

public class ConfigErrorTests
{
    private static void Fails(Action make, string field, string fragment)
    {
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Contains(field, e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Invalid_configurations_get_clear_errors_naming_the_field()
    {
        Fails(() => new SyntheticWorld(1, new WorldConfig { Scenes = new SceneConfig { MinObjects = 0 } }), "SceneConfig.MinObjects", "at least 1");
        Fails(() => new SceneGenerator(new SceneConfig { MaxObjects = 0 }, 1), "SceneConfig.MaxObjects", "≥ MinObjects");
        Fails(() => new SceneGenerator(new SceneConfig { Colors = ["red", "pink"] }, 1), "SceneConfig.Colors", "'pink' is not a colour");
        Fails(() => new SceneGenerator(new SceneConfig { Shapes = ["hexagon"] }, 1), "SceneConfig.Shapes", "'hexagon'");
        Fails(() => new SceneGenerator(new SceneConfig { ImageSize = 32 }, 1), "SceneConfig.ImageSize", "too small for 4 large objects");
        Fails(() => new SceneGenerator(new SceneConfig { SmallRadius = 6, LargeRadius = 6 }, 1), "SceneConfig.LargeRadius", "larger than SmallRadius");
        Fails(() => new SceneGenerator(new SceneConfig { HeldOutPairs = ["red"] }, 1), "SceneConfig.HeldOutPairs", "\"red square\"");
        Fails(() => new SceneGenerator(new SceneConfig { Places = ["moon"] }, 1), "SceneConfig.Places", "'moon'");
        Fails(() => new SceneGenerator(new SceneConfig { Places = ["grass"], UsePlaces = false }, 1), "SceneConfig.Places", "UsePlaces is false");
        Fails(() => new WorldSounds(new SoundConfig { ClipSeconds = -1 }, 1), "SoundConfig.ClipSeconds", "positive duration");
        Fails(() => new WorldSounds(new SoundConfig { SampleRate = 0 }, 1), "SoundConfig.SampleRate", "between");
        Fails(() => new Speakers(new SpeakerConfig { MixtureSeconds = -2 }, 1), "SpeakerConfig.MixtureSeconds", "positive");
        Fails(() => new SyntheticWorld(1, new WorldConfig { TrainSize = 0 }), "WorldConfig.TrainSize", "at least 1");
        Fails(() => Splits.Parse("training-set"), "split", "\"train\"");
        Fails(() => SpeechUnits.Parse("zz"), "speech unit", "ka");
    }

    [Fact]
    public void Small_valid_configurations_work()
    {
        var world = new SyntheticWorld(1, new WorldConfig { Scenes = new SceneConfig { ImageSize = 32, MaxObjects = 2, SmallRadius = 3, LargeRadius = 5, Colors = ["red", "green", "blue"], HeldOutPairs = [] } });
        var s = world.Sample(Split.Train, 0);
        Assert.Equal(32 * 32 * 3, s.Frame.Pixels.Length);
        Assert.All(s.Scene.Objects, o => Assert.Contains(o.Color, new[] { ObjectColor.Red, ObjectColor.Green, ObjectColor.Blue }));
        Assert.Throws<InvalidOperationException>(() => world.Sample(Split.HeldOut, 0));
    }
}
