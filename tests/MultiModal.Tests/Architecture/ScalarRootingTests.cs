using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Architecture
{
    /// <summary>
    /// Library code never hands libtorch a Scalar that the garbage collector may free during the call (the cause of the
    /// rare crash and of silently wrong sums under GC pressure: lib/MultiModal/Tensors/Scalars.cs,
    /// Platform/FinalizerRaceTests.cs).
    /// </summary>
    public class ScalarRootingTests
    {
        private static readonly string[] Allowed =
        [
            // TorchSharp's own tensor printer makes Scalars we cannot reach; it runs only to show a tensor as text.
            "MultiModal.Display.NotebookFormatters::TensorText → System.String TorchSharp.torch/Tensor::ToString(",
            // The cache of constants: the dictionary keeps every Scalar it makes for the life of the process.
            "MultiModal.Tensors.Scalars::<Constant>",
        ];

        [Fact]
        public void Library_code_never_lets_TorchSharp_make_a_Scalar_it_does_not_keep_alive()
        {
            var offences = ScalarRooting.Offences(typeof(Course).Assembly.Location, "MultiModal")
                                        .Where(o => !Allowed.Any(a => o.StartsWith(a, StringComparison.Ordinal))).ToList();
            Assert.True(offences.Count == 0,
                "Calls that make a Scalar nobody keeps alive (use Scalars.Constant, Plus, Range or `using var s = v.ToScalar()`):\n" + string.Join("\n", offences));
        }

        [Fact]
        public void The_check_finds_every_planted_pattern_and_passes_the_rooted_ones()
        {
            var offences = ScalarRooting.Offences(typeof(ScalarRootingTests).Assembly.Location, "MultiModal.Tests.Architecture.PlantedScalars");
            Assert.Contains(offences, o => o.Contains("Misuse::TimesANumber", StringComparison.Ordinal) && o.Contains("op_Multiply", StringComparison.Ordinal));
            Assert.Contains(offences, o => o.Contains("Misuse::SumOfTwoTensors", StringComparison.Ordinal) && o.Contains("op_Addition", StringComparison.Ordinal));
            Assert.Contains(offences, o => o.Contains("Misuse::ClampAtZero", StringComparison.Ordinal) && o.Contains("implicit", StringComparison.Ordinal));
            Assert.Contains(offences, o => o.Contains("Misuse::ConvertedButNotDisposed", StringComparison.Ordinal) && o.Contains("1 ToScalar() but 0 Dispose()", StringComparison.Ordinal));
            Assert.Contains(offences, o => o.Contains("Misuse::<InALambda>", StringComparison.Ordinal) && o.Contains("op_Division", StringComparison.Ordinal));
            Assert.DoesNotContain(offences, o => o.Contains("Rooted::", StringComparison.Ordinal));
        }
    }
}

namespace MultiModal.Tests.Architecture.PlantedScalars
{
    using TorchSharp;
    using static MultiModal.Tensors.Scalars;

    // Never called: read as IL by the test above.
    internal static class Misuse
    {
        public static Tensor TimesANumber(Tensor x) => x * 2.0;
        public static Tensor SumOfTwoTensors(Tensor a, Tensor b) => a + b;
        public static Tensor ClampAtZero(Tensor x) => x.clamp_min(0);
        public static Tensor ConvertedButNotDisposed(Tensor x, double v) => x.mul(v.ToScalar());
        public static Func<Tensor, Tensor> InALambda() => x => x / 3.0;
    }

    internal static class Rooted
    {
        public static Tensor TimesANumber(Tensor x) => x * Constant(2.0);
        public static Tensor SumOfTwoTensors(Tensor a, Tensor b) => a.Plus(b);
        public static Tensor ClampAtZero(Tensor x) => x.clamp_min(Constant(0L));
        public static Tensor Converted(Tensor x, double v)
        {
            using var s = v.ToScalar();
            return x.mul(s);
        }
    }
}
