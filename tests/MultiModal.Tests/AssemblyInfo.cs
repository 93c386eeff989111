using Xunit;

// Test classes run one after another. TorchSharp tensors are freed by finalizers when nobody disposes them, and
// libtorch's own thread pool already uses every core: running test classes concurrently only added load and
// made a rare native crash of the test host possible (seen once in a few dozen runs of Audio + Display together).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
