using MultiModal.Platform;
using Xunit;

namespace MultiModal.Tests.Platform;

public class ElfVersionNeedsTests
{
    /// <summary>
    /// The bridge as NuGet shipped it: a backup the patcher kept (next to the test binaries or in the NuGet cache,
    /// whose patched copy later builds copy), or an unpatched copy where no patch was ever needed.
    /// </summary>
    internal static string ShippedBridge()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } n
            ? n : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(nuget, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        string[] candidates = [native + ".orig", cached + ".orig", native, cached];
        var shipped = candidates.FirstOrDefault(f => File.Exists(f) &&
            ElfVersionNeeds.Read(f).Requirements.Any(r => r.Version == GlibcxxCompat.NeededVersion && !r.IsWeak));
        Assert.True(shipped is not null, $"No unpatched copy of TorchSharp's native bridge among: {string.Join(", ", candidates)}");
        return shipped!;
    }

    private static string? HostLibstdcxx() => GlibcxxCompat.FindHostLibstdcxx();

    [Fact]
    public void Shipped_bridge_needs_GLIBCXX_3_4_32_strongly()
    {
        if (!OperatingSystem.IsLinux()) return;
        var elf = ElfVersionNeeds.Read(ShippedBridge());
        var need = Assert.Single(elf.Requirements, r => r.Version == GlibcxxCompat.NeededVersion);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        // Sanity of the parser on real bytes: the bridge also needs ordinary glibc versions.
        Assert.Contains(elf.Requirements, r => r.File == "libc.so.6" && r.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
    }

    [Fact]
    public void Patching_changes_exactly_one_flag_bit_and_a_second_run_changes_nothing()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = Directory.CreateTempSubdirectory("mm-elf-");
        try
        {
            var original = File.ReadAllBytes(ShippedBridge());
            var file = Path.Combine(dir.FullName, "libLibTorchSharp.so");
            File.WriteAllBytes(file, original);

            Assert.Equal(GlibcxxCompat.PatchOutcome.Patched, GlibcxxCompat.PatchFile(file));
            var patched = File.ReadAllBytes(file);
            Assert.Equal(original.Length, patched.Length);
            var diffs = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
            var at = Assert.Single(diffs);
            // Exactly the VER_FLG_WEAK bit, whose value the ELF specification fixes (glibc's elf.h: #define VER_FLG_WEAK 0x2),
            // not the library's constant: a wrong constant must fail here.
            const byte VerFlgWeakInTheElfSpecification = 0x2;
            Assert.Equal(VerFlgWeakInTheElfSpecification, (byte)(patched[at] ^ original[at]));

            var need = ElfVersionNeeds.Read(file).Requirements.Single(r => r.Version == GlibcxxCompat.NeededVersion);
            Assert.True(need.IsWeak);
            Assert.Equal(at, need.FlagsOffset); // the byte that changed is vna_flags of that very entry

            Assert.Equal(original, File.ReadAllBytes(file + ".orig")); // backup of the shipped bytes
            Assert.Equal(GlibcxxCompat.PatchOutcome.AlreadyWeak, GlibcxxCompat.PatchFile(file));
            Assert.Equal(patched, File.ReadAllBytes(file));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Run_patches_only_when_the_host_lacks_the_version()
    {
        if (!OperatingSystem.IsLinux() || HostLibstdcxx() is not { } host) return;
        var dir = Directory.CreateTempSubdirectory("mm-elf-");
        try
        {
            var file = Path.Combine(dir.FullName, "libLibTorchSharp.so");
            File.Copy(ShippedBridge(), file);
            var report = GlibcxxCompat.Run([file], host);
            if (GlibcxxCompat.HostDefines(host, GlibcxxCompat.NeededVersion))
            {
                Assert.Empty(report.Patched);
                Assert.Contains("nothing to do", report.Summary);
                Assert.Equal(File.ReadAllBytes(ShippedBridge()), File.ReadAllBytes(file));
            }
            else
            {
                Assert.Equal([file], report.Patched);
                Assert.DoesNotContain('\n', report.Summary);
                var again = GlibcxxCompat.Run([file], host);
                Assert.Empty(again.Patched);
                Assert.Equal([file], again.AlreadyWeak);
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Host_libstdcxx_version_definitions_are_read()
    {
        if (!OperatingSystem.IsLinux() || HostLibstdcxx() is not { } host) return;
        var defs = ElfVersionNeeds.Read(host).Definitions;
        Assert.Contains("GLIBCXX_3.4", defs);      // defined by every libstdc++ since GCC 3.4
        Assert.Contains("CXXABI_1.3", defs);
        Assert.DoesNotContain("GLIBCXX_99.0", defs);
        Assert.True(GlibcxxCompat.HostDefines(host, "GLIBCXX_3.4.21"));
    }

    [Theory]
    [InlineData(new byte[0], "missing the")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1, 1 }, "missing the")] // shorter than a header
    public void Garbage_is_rejected_with_a_message_naming_the_file(byte[] bytes, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(bytes, "broken.so"));
        Assert.Contains("broken.so", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_32_bit_or_truncated_elf_is_rejected_clearly()
    {
        if (!OperatingSystem.IsLinux()) return;
        var real = File.ReadAllBytes(ShippedBridge());
        var as32 = (byte[])real.Clone();
        as32[4] = 1;
        Assert.Contains("expected 2 (64-bit)", Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(as32, "x.so")).Message);
        var truncated = real.AsSpan(0, 4096).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(truncated, "cut.so"));
        Assert.Contains("cut.so", e.Message);
    }
}
