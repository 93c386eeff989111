using System.Text.RegularExpressions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Platform;

/// <summary>
/// The GPU switch as far as a CPU-only machine can test it: one device setting (<c>Course.Device</c>, from
/// <c>MULTIMODAL_DEVICE</c> or <c>Course.Setup(device:)</c>) that becomes TorchSharp's default device; names checked with
/// messages; CUDA asked for without CUDA says how to get it; and no library code names a device of its own.
/// </summary>
public class DeviceTests
{
    [Fact]
    public void Cpu_is_the_default_and_names_are_checked()
    {
        Assert.Equal(DeviceType.CPU, Course.ChooseDevice(null).type);
        Assert.Equal(DeviceType.CPU, Course.ChooseDevice(" CPU ").type);
        var e = Assert.Throws<ArgumentException>(() => Course.ChooseDevice("tpu"));
        Assert.Contains("expected 'cpu', 'cuda' or 'cuda:N'", e.Message);
        Assert.Contains(Course.DeviceVariable, e.Message);
        Assert.Throws<ArgumentException>(() => Course.ChooseDevice("cuda:x"));
    }

    [Fact]
    public void Cuda_where_it_is_not_available_says_how_to_get_it_and_where_it_is_gives_that_device()
    {
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, Course.ChooseDevice("cuda").type);
            return;
        }
        var e = Assert.Throws<ArgumentException>(() => Course.ChooseDevice("cuda"));
        Assert.Contains("-p:TorchBackend=cuda", e.Message);
        Assert.Contains("TorchSharp-cuda-linux", e.Message);
    }

    [Fact]
    public void Setup_makes_the_device_torchsharps_default_so_models_and_batches_follow_it()
    {
        Course.Setup(seed: 1, device: "cpu");
        Assert.Equal(DeviceType.CPU, Course.Device.type);
        using var model = TorchSharp.torch.nn.Linear(3, 2);
        using var batch = randn(4, 3);
        Assert.Equal(Course.Device.type, model.weight!.device.type);
        Assert.Equal(Course.Device.type, batch.device.type);
    }

    [Fact]
    public void Library_code_never_names_a_device_of_its_own()
    {
        // A tensor made on a hard-coded device breaks the moment Course.Device is a GPU: follow Course.Device (the
        // default device) or another tensor's .device instead. Course.cs is where the setting is made; Platform/ loads
        // native libraries from folders that happen to be called "cpu".
        var named = new Regex(@"torch\.CPU\b|DeviceType\.(CPU|CUDA)\b|new\s+(torch\.)?Device\(|""cuda|""cpu""|\.cuda\(|device:\s*(CPU|CUDA)\b");
        var offenders = new List<string>();
        foreach (var file in Directory.GetFiles(Repo.Path("lib", "MultiModal"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            if (Path.GetFileName(file) == "Course.cs") continue;
            if (file.Contains($"{Path.DirectorySeparatorChar}Platform{Path.DirectorySeparatorChar}")) continue; // native loading: folder names, not devices
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = Regex.Replace(lines[i], @"//.*$", "");
                if (named.IsMatch(code)) offenders.Add($"{Path.GetRelativePath(Repo.Root, file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(offenders.Count == 0, "library code that names a device:\n" + string.Join("\n", offenders));
    }
}
