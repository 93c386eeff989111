using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;

namespace MultiModal.Tests.Captioning;

/// <summary>Small random "images" and token sequences shared by the captioning tests.</summary>
internal static class CaptionTestData
{
    /// <summary>Seeds TorchSharp like <c>Course.Seed</c> (the test project also references the course tool, whose
    /// <c>MultiModal.Course</c> namespace hides the <c>Course</c> class here).</summary>
    public static void Seed(int seed)
    {
        torch.manual_seed(seed);
        torch.random.manual_seed(seed);
    }

    public static readonly SpecialTokens Tokens = new(Start: 1, End: 2, Pad: 0);
    public const int VocabSize = 12;

    /// <summary>A small encoder (width 8) so tests run fast; same 64×64 → 8×8 geometry as the default.</summary>
    public static ImageEncoder SmallEncoder() => new(new ImageEncoderConfig(Width: 8, Groups: 4));

    /// <summary>(count, 3, 64, 64) uniform noise images.</summary>
    public static Tensor Images(int count) => rand(count, 3, 64, 64);

    /// <summary>
    /// Random captions: (count, maxWords + 2) int64 rows "start w1 … wn end pad …" with n in [minWords, maxWords],
    /// words drawn from 3 … VocabSize − 1.
    /// </summary>
    public static (Tensor Tokens, int[][] Words) Captions(int count, int minWords, int maxWords, int seed)
    {
        var rng = new Random(seed);
        var words = new int[count][];
        var rows = new long[count, maxWords + 2];
        for (var i = 0; i < count; i++)
        {
            var n = rng.Next(minWords, maxWords + 1);
            words[i] = Enumerable.Range(0, n).Select(_ => rng.Next(3, VocabSize)).ToArray();
            rows[i, 0] = Tokens.Start;
            for (var j = 0; j < n; j++) rows[i, j + 1] = words[i][j];
            rows[i, n + 1] = Tokens.End;
            for (var j = n + 2; j < maxWords + 2; j++) rows[i, j] = Tokens.Pad;
        }
        return (tensor(rows), words);
    }

    /// <summary>A 64×64 mask that is true on rows r0..r1−1, columns c0..c1−1.</summary>
    public static Tensor Box(int r0, int r1, int c0, int c1)
    {
        var m = zeros(64, 64, dtype: ScalarType.Bool);
        m[r0..r1, c0..c1] = tensor(true);
        return m;
    }
}
