using static TorchSharp.torch;

namespace MultiModal.World;

/// <summary>
/// A batch of scenes as tensors, for captioning (§2.2.1), tagging (§2.1.1) and localisation. Dispose it (or
/// create it inside a dispose scope) when done.
/// </summary>
public sealed class SceneBatch : IDisposable
{
    internal SceneBatch(IReadOnlyList<SceneSample> samples, int captionChoice, int? maxLen)
    {
        Samples = samples;
        var frames = samples.Select(s => s.Frame).ToArray();
        CaptionTexts = samples.Select((s, i) => s.Captions[(captionChoice + i) % s.Captions.Count]).ToArray();
        var ids = CaptionTexts.Select(t => Vocabulary.Captions.Encode(t)).ToArray();
        Images = Batches.Images(frames);
        Captions = Batches.Tokens(ids, maxLen);
        CaptionLengths = Batches.Lengths(ids, maxLen);
        Tags = Batches.Vectors(samples.Select(s => World.Tags.MultiHot(s.Scene)).ToArray());
        Masks = Batches.Masks(frames);
    }

    /// <summary>The samples in this batch, in row order.</summary>
    public IReadOnlyList<SceneSample> Samples { get; }
    /// <summary>The caption text used for each row.</summary>
    public IReadOnlyList<string> CaptionTexts { get; }
    /// <summary>Images, float32 in [0, 1], shape [batch, 3, size, size].</summary>
    public Tensor Images { get; }
    /// <summary>Caption token ids (<see cref="Vocabulary.Captions"/>) with &lt;start&gt; and &lt;end&gt;, right-padded with 0, int64 [batch, maxLen].</summary>
    public Tensor Captions { get; }
    /// <summary>Caption lengths including &lt;start&gt; and &lt;end&gt;, int64 [batch].</summary>
    public Tensor CaptionLengths { get; }
    /// <summary>Multi-hot tags over <see cref="World.Tags.Words"/>, float32 [batch, tags].</summary>
    public Tensor Tags { get; }
    /// <summary>Object masks, float32 0/1, [batch, maxObjects in batch, size, size] (empty slots all zero).</summary>
    public Tensor Masks { get; }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Images.Dispose(); Captions.Dispose(); CaptionLengths.Dispose(); Tags.Dispose(); Masks.Dispose();
    }
}
