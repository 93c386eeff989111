using System.Reflection;
using System.Runtime.Loader;
using MultiModal.Platform;
using TorchSharp;
using Xunit;

namespace MultiModal.Tests.Platform;

public class TorchSharpLoadsTests
{
    [Fact]
    public void Native_backend_loads_and_autograd_works()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true); // (3,)
        var y = (x * x).sum();                                             // scalar: Σ x²
        y.backward();
        Assert.Equal(new[] { 2.0, 4.0, 6.0 }, x.grad!.data<double>().ToArray()); // d/dx Σx² = 2x
    }

    [Fact]
    public void FSharpCore_requests_resolve_to_the_loaded_copy_and_nothing_else()
    {
        var unit = typeof(Microsoft.FSharp.Core.Unit).Assembly; // loads FSharp.Core
        var loaded = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "FSharp.Core");
        Assert.Same(unit, loaded);
        var asked = new AssemblyName("FSharp.Core, Version=99.1.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");
        Assert.Same(loaded, FSharpCoreRedirect.Resolve(AssemblyLoadContext.Default, asked));
        Assert.Null(FSharpCoreRedirect.Resolve(AssemblyLoadContext.Default, new AssemblyName("Newtonsoft.Json, Version=99.0.0.0")));
    }

    [Fact]
    public void A_build_output_holds_this_machines_libtorch_and_no_other_platforms()
    {
        // Directory.Build.targets keeps this machine's native files only (all three platforms' libtorch is 1 GB a project)
        var natives = Directory.GetFiles(AppContext.BaseDirectory, "*torch_cpu.*", SearchOption.AllDirectories);
        Assert.True(natives.Length == 1, $"expected one libtorch_cpu in {AppContext.BaseDirectory}, found: {string.Join(", ", natives)}");
        Assert.Equal(LibTorchPreload.PackageFolder(), Path.GetDirectoryName(natives[0]));
    }
}
