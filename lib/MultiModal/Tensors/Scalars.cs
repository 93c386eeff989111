using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Tensors;

/// <summary>
/// Numbers in tensor expressions that stay alive while libtorch reads them.
/// <para>
/// TorchSharp turns every plain number in a tensor expression — <c>x * 2.0</c>, <c>x.clamp_min(1e-10)</c>,
/// <c>x &lt; 0.5</c>, and the hidden <c>alpha = 1</c> inside every <c>a + b</c> of two tensors — into a new native
/// <see cref="Scalar"/> with a finaliser, and hands its handle to libtorch without keeping the managed object alive
/// for the call. When a garbage collection started by another thread (a notebook kernel's message threads, a
/// parallel test) falls inside that native call, the finaliser frees the Scalar while libtorch still reads it: the
/// call computes with freed memory — a silently wrong number, or a crash of the whole process. Measured on this
/// course's machine: <c>x.mul(2.0).add(y)</c> in a loop beside a thread that collects garbage gave wrong sums after
/// about 11,000 iterations and then a segmentation fault; the same loop with these scalars ran 3,000,000 iterations
/// without one wrong value (the experiment: <c>lib/MultiModal.Benchmarks/FinalizerRaceExperiment.cs</c>; <c>tests/…/Platform/FinalizerRaceTests.cs</c> runs its library half). Temporary
/// <em>tensors</em> have the same weakness outside a dispose scope, which is why library functions open one.
/// </para>
/// <para>
/// So library code never lets TorchSharp make a Scalar: constants come from <see cref="Constant(double)"/> (one
/// native Scalar per distinct value, kept for the life of the process), values that change per call are
/// converted with <c>using var s = value.ToScalar();</c> (alive until the method returns), and tensor sums use
/// <see cref="Plus(Tensor, Tensor)"/>. <c>tests/…/Architecture/ScalarRootingTests.cs</c> reads the compiled
/// library and fails on any call that would make a Scalar behind our back.
/// </para>
/// </summary>
public static class Scalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Doubles = new();
    private static readonly ConcurrentDictionary<long, Scalar> Longs = new();

    /// <summary>The integer 1, the <c>alpha</c> of every plain sum.</summary>
    public static Scalar One { get; } = Constant(1L);

    /// <summary>A floating-point constant as a Scalar that lives as long as the process (one per distinct value).</summary>
    public static Scalar Constant(double value) => Doubles.GetOrAdd(value, static v => v.ToScalar());

    /// <summary>An integer constant as a Scalar that lives as long as the process (one per distinct value).</summary>
    public static Scalar Constant(long value) => Longs.GetOrAdd(value, static v => v.ToScalar());

    /// <summary><c>a + b</c> for two tensors, with a rooted <c>alpha = 1</c> (TorchSharp's <c>+</c> makes a new one per call).</summary>
    public static Tensor Plus(this Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.add(b, One);
    }

    /// <summary><c>a + b</c> for a tensor and a constant.</summary>
    public static Tensor Plus(this Tensor a, double b)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.add(Constant(b), One);
    }

    /// <summary><c>arange(count)</c>: 0, 1, …, count − 1 (int64 unless <paramref name="dtype"/> says otherwise), without hidden Scalars.</summary>
    public static Tensor Range(long count, ScalarType? dtype = null, Device? device = null)
    {
        using var stop = count.ToScalar();
        return arange(Constant(0L), stop, One, dtype, device);
    }

    /// <summary><c>b − a</c>: the tensor subtracted from a constant, without TorchSharp's hidden Scalars.</summary>
    public static Tensor SubtractedFrom(this Tensor a, double b)
    {
        ArgumentNullException.ThrowIfNull(a);
        using var negative = a.neg();
        return negative.add(Constant(b), One);
    }
}
