namespace MultiModal.World;

/// <summary>
/// Two "talking face" clips mixed by adding their audio (the looking-to-listen trick, §3.4.2): the clean
/// tracks are the ground truth, so <c>Mix == Clean[0] + Clean[1]</c> sample for sample.
/// </summary>
/// <param name="Speakers">The two speakers (different people).</param>
/// <param name="Texts">What each says.</param>
/// <param name="Faces">Each speaker's face, RGB bytes [faceSize, faceSize, 3].</param>
/// <param name="Clean">Each speaker's clean track, both of length <see cref="SpeakerConfig.MixtureSeconds"/> × sample rate.</param>
/// <param name="Mix">The sum of the clean tracks (peak ≤ 0.95; all three were scaled together if needed).</param>
/// <param name="SampleRate">Samples per second.</param>
public sealed record Mixture(IReadOnlyList<Speaker> Speakers, IReadOnlyList<string> Texts, IReadOnlyList<byte[]> Faces,
    IReadOnlyList<float[]> Clean, float[] Mix, int SampleRate)
{
    /// <summary>Face size in pixels.</summary>
    public int FaceSize => Speakers[0].FaceSize;

    /// <summary>The two faces side by side, as the "video" of the mixture: [faceSize, 2·faceSize] RGB.</summary>
    public SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> SideBySide()
    {
        var s = FaceSize;
        var px = new byte[s * 2 * s * 3];
        for (var y = 0; y < s; y++)
            for (var k = 0; k < 2; k++)
                Array.Copy(Faces[k], y * s * 3, px, (y * 2 * s + k * s) * 3, s * 3);
        return SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgb24>(px, 2 * s, s);
    }
}
