using static TorchSharp.torch;

namespace MultiModal.World;

/// <summary>A batch of video clips (frame + soundtrack) as tensors, for SoundNet (§3.2) and sound localisation (§3.4.1).</summary>
public sealed class ClipBatch : IDisposable
{
    internal ClipBatch(IReadOnlyList<VideoClip> clips)
    {
        Clips = clips;
        Images = Batches.Images(clips.Select(c => c.Frame).ToArray());
        Audio = Batches.Waveforms(clips.Select(c => c.Audio).ToArray());
        SoundingMasks = Batches.SoundingMasks(clips);
        Places = Batches.Labels(clips.Select(c => (int)c.Scene.Place).ToArray());
        Tags = Batches.Vectors(clips.Select(c => World.Tags.MultiHot(c.Scene)).ToArray());
    }

    /// <summary>The clips, in row order.</summary>
    public IReadOnlyList<VideoClip> Clips { get; }
    /// <summary>Frames, float32 in [0, 1], shape [batch, 3, size, size].</summary>
    public Tensor Images { get; }
    /// <summary>Soundtracks, float32 [batch, time] (time = clip samples, 16000 for 1 s at 16 kHz).</summary>
    public Tensor Audio { get; }
    /// <summary>Where the sound comes from: union of the sounding objects' masks, float32 0/1 [batch, size, size].</summary>
    public Tensor SoundingMasks { get; }
    /// <summary>The place of each clip (<see cref="Place"/> as int; 0 = plain), int64 [batch].</summary>
    public Tensor Places { get; }
    /// <summary>Multi-hot tags over <see cref="World.Tags.Words"/>, float32 [batch, tags].</summary>
    public Tensor Tags { get; }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Images.Dispose(); Audio.Dispose(); SoundingMasks.Dispose(); Places.Dispose(); Tags.Dispose();
    }
}
