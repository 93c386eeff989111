using MultiModal.World;

namespace MultiModal.Display;

/// <summary>
/// Audio players for the world's sounds (<c>utterance.Player()</c>, <c>clip.Player()</c>). They live here, not on the
/// world's records, so the world stays pure data that the display layer shows, never the other way round.
/// </summary>
public static class WorldPlayers
{
    /// <summary>A player for an utterance (renders as an audio player in a notebook); the title defaults to its text.</summary>
    public static AudioPlayer Player(this Utterance utterance, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        return new AudioPlayer(utterance.Audio, utterance.SampleRate, 1, title ?? utterance.Text);
    }

    /// <summary>A player for a clip's soundtrack (renders as an audio player in a notebook).</summary>
    public static AudioPlayer Player(this VideoClip clip, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return new AudioPlayer(clip.Audio, clip.SampleRate, 1, title);
    }
}
