using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Audio;

/// <summary>
/// Cutting a waveform into overlapping frames: frame t holds samples [t·hop, t·hop + frameLength). No padding:
/// a tail shorter than a frame is dropped (the STFT's <see cref="StftSettings.Center"/> padding is what keeps it).
/// </summary>
public static class Framing
{
    /// <summary>Number of whole frames: 1 + (length − frameLength) / hop, or 0 when the signal is shorter than one frame.</summary>
    public static long NumFrames(long length, int frameLength, int hop)
    {
        Check(frameLength, hop);
        return length < frameLength ? 0 : 1 + (length - frameLength) / hop;
    }

    /// <summary>Frames of a mono waveform [time] → [frames, frameLength] (or [batch, time] → [batch, frames, frameLength]); a view, no copy.</summary>
    /// <exception cref="ArgumentException">A bad frame length or hop, or a signal shorter than one frame.</exception>
    public static Tensor Frames(Tensor waveform, int frameLength, int hop)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        Check(frameLength, hop);
        if (waveform.dim() is not (1 or 2)) throw new ArgumentException($"Expected [time] or [batch, time], got {waveform.ShapeText()}.", nameof(waveform));
        if (waveform.shape[^1] < frameLength)
            throw new ArgumentException($"The signal has {waveform.shape[^1]} samples, fewer than one frame of {frameLength}.", nameof(waveform));
        return waveform.unfold(-1, frameLength, hop); // [.., frames, frameLength]
    }

    /// <summary>Multiplies every frame [.., frames, frameLength] by a window [frameLength].</summary>
    public static Tensor ApplyWindow(Tensor frames, Tensor window)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(window);
        if (window.dim() != 1 || frames.shape[^1] != window.shape[0])
            throw new ArgumentException($"The window has shape {window.ShapeText()} but frames are {frames.shape[^1]} samples long.", nameof(window));
        return frames * window; // [.., frames, frameLength]
    }

    private static void Check(int frameLength, int hop)
    {
        if (frameLength < 1) throw new ArgumentOutOfRangeException(nameof(frameLength), frameLength, "frameLength must be at least 1 sample.");
        if (hop < 1) throw new ArgumentOutOfRangeException(nameof(hop), hop, "hop must be at least 1 sample.");
    }
}
