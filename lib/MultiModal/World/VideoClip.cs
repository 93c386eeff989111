namespace MultiModal.World;

/// <summary>
/// A "video clip" of the world: one frame (the rendered scene) and its soundtrack, with the sounding objects
/// known — ground truth for sound-source localisation (§3.4.1) and for teacher–student transfer (§3.2).
/// </summary>
/// <param name="Frame">The image and its object masks.</param>
/// <param name="Audio">Mono soundtrack in [-1, 1] (peak ≤ 0.95), <see cref="SoundConfig.ClipSamples"/> samples.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="SoundingObjects">Indices (into <see cref="Scene.Objects"/>) of the objects that make the sound.</param>
public sealed record VideoClip(RenderedScene Frame, float[] Audio, int SampleRate, IReadOnlyList<int> SoundingObjects)
{
    /// <summary>The scene's ground truth.</summary>
    public Scene Scene => Frame.Scene;

    /// <summary>Where the sound comes from: the union of the sounding objects' masks, row-major [size, size].</summary>
    public bool[] SoundingMask()
    {
        var ids = SoundingObjects.Select(i => (byte)(i + 1)).ToHashSet();
        return Array.ConvertAll(Frame.Instances, v => ids.Contains(v));
    }
}
