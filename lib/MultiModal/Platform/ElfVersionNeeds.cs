using System.Buffers.Binary;
using System.Text;

namespace MultiModal.Platform;

/// <summary>
/// A minimal reader and editor of the symbol-versioning sections of a 64-bit little-endian ELF shared object
/// (<c>.gnu.version_r</c>, the versions a library <em>needs</em>, and <c>.gnu.version_d</c>, the versions it
/// <em>defines</em>). It reads exactly what the GLIBCXX compatibility fix needs and nothing more.
/// Layouts follow the System V ABI and the LSB "Symbol Versioning" chapter:
/// <c>Elf64_Verneed {vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32}</c>,
/// <c>Elf64_Vernaux {vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32}</c>,
/// <c>Elf64_Verdef {vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32}</c>,
/// <c>Elf64_Verdaux {vda_name u32, vda_next u32}</c>.
/// </summary>
public sealed class ElfVersionNeeds
{
    /// <summary>Section type of <c>.gnu.version_r</c> (SHT_GNU_verneed).</summary>
    public const uint ShtGnuVerneed = 0x6ffffffe;
    /// <summary>Section type of <c>.gnu.version_d</c> (SHT_GNU_verdef).</summary>
    public const uint ShtGnuVerdef = 0x6ffffffd;
    /// <summary>The <c>vna_flags</c> bit that makes a version requirement weak (VER_FLG_WEAK).</summary>
    public const ushort VerFlagWeak = 0x2;

    private readonly byte[] _bytes;

    /// <summary>One version a library needs from one of its dependencies.</summary>
    /// <param name="File">The dependency's soname, e.g. <c>libstdc++.so.6</c>.</param>
    /// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="Flags">The raw <c>vna_flags</c> value.</param>
    /// <param name="FlagsOffset">The file offset of <c>vna_flags</c>.</param>
    public sealed record Requirement(string File, string Version, ushort Flags, long FlagsOffset)
    {
        /// <summary>True when the requirement is weak: the loader only warns when it is missing.</summary>
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    private ElfVersionNeeds(byte[] bytes, string source)
    {
        _bytes = bytes;
        Source = source;
        try
        {
            Requirements = ReadRequirements();
            Definitions = ReadDefinitions();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Bad($"the file is truncated ({bytes.Length} bytes)");
        }
        catch (OverflowException)
        {
            throw Bad($"an offset or size field points far outside the file ({bytes.Length} bytes)");
        }
    }

    /// <summary>Where the bytes came from (a path, or a description), for messages.</summary>
    public string Source { get; }

    /// <summary>Every (dependency, version) pair in <c>.gnu.version_r</c>, in file order.</summary>
    public IReadOnlyList<Requirement> Requirements { get; }

    /// <summary>Every version name defined in <c>.gnu.version_d</c> (empty when the section is absent).</summary>
    public IReadOnlyList<string> Definitions { get; }

    /// <summary>The (possibly edited) bytes of the whole file.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses a file. Throws <see cref="InvalidDataException"/> naming the file when it is not a 64-bit little-endian ELF.</summary>
    public static ElfVersionNeeds Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Parses ELF bytes (the array is kept, not copied, and edited in place by <see cref="MarkWeak"/>).</summary>
    public static ElfVersionNeeds Parse(byte[] bytes, string source = "<bytes>") => new(bytes, source);

    /// <summary>
    /// Sets <see cref="VerFlagWeak"/> on every requirement named <paramref name="version"/>.
    /// Returns how many entries changed (0 when they were already weak or absent).
    /// </summary>
    public int MarkWeak(string version)
    {
        var changed = 0;
        foreach (var r in Requirements.Where(r => r.Version == version && !r.IsWeak))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan((int)r.FlagsOffset, 2), (ushort)(r.Flags | VerFlagWeak));
            changed++;
        }
        return changed;
    }

    private InvalidDataException Bad(string what) =>
        new($"'{Source}' is not a usable 64-bit little-endian ELF shared object: {what}.");

    private (long Offset, long Size, uint Link) FindSection(uint type)
    {
        var b = _bytes;
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw Bad("missing the \\x7fELF magic");
        if (b[4] != 2) throw Bad($"EI_CLASS is {b[4]}, expected 2 (64-bit)");
        if (b[5] != 1) throw Bad($"EI_DATA is {b[5]}, expected 1 (little-endian)");
        var shoff = (long)U64(0x28);
        var shentsize = U16(0x3a);
        var shnum = U16(0x3c);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > b.Length)
            throw Bad($"the section header table (offset {shoff}, {shnum} entries of {shentsize} bytes) lies outside the file of {b.Length} bytes");
        for (var i = 0; i < shnum; i++)
        {
            var h = shoff + (long)i * shentsize;
            if (U32(h + 4) != type) continue;
            var offset = (long)U64(h + 0x18);
            var size = (long)U64(h + 0x20);
            if (offset < 0 || offset + size > b.Length) throw Bad($"section {i} (type 0x{type:x}) lies outside the file");
            return (offset, size, U32(h + 0x28));
        }
        return (-1, 0, 0);
    }

    private string StringAt(uint linkSection, uint offsetInTable)
    {
        var shoff = (long)U64(0x28);
        var h = shoff + (long)linkSection * U16(0x3a);
        var start = (long)U64(h + 0x18) + offsetInTable;
        if (start >= _bytes.Length) throw Bad($"string offset {offsetInTable} lies outside the file");
        var end = Array.IndexOf(_bytes, (byte)0, (int)start);
        if (end < 0) throw Bad("unterminated string");
        return Encoding.ASCII.GetString(_bytes, (int)start, end - (int)start);
    }

    private List<Requirement> ReadRequirements()
    {
        var list = new List<Requirement>();
        var (offset, size, link) = FindSection(ShtGnuVerneed);
        if (offset < 0) return list;
        var end = offset + size;
        var vn = offset;
        for (var guard = 0; guard < 10_000; guard++)
        {
            if (vn + 16 > end) throw Bad("a Verneed entry runs past .gnu.version_r");
            var cnt = U16(vn + 2);
            var file = StringAt(link, U32(vn + 4));
            var aux = vn + U32(vn + 8);
            for (var k = 0; k < cnt; k++)
            {
                if (aux + 16 > end) throw Bad("a Vernaux entry runs past .gnu.version_r");
                list.Add(new Requirement(file, StringAt(link, U32(aux + 8)), U16(aux + 4), aux + 4));
                var next = U32(aux + 12);
                if (next == 0) break;
                aux += next;
            }
            var vnNext = U32(vn + 12);
            if (vnNext == 0) return list;
            vn += vnNext;
        }
        throw Bad(".gnu.version_r does not terminate");
    }

    private List<string> ReadDefinitions()
    {
        var list = new List<string>();
        var (offset, size, link) = FindSection(ShtGnuVerdef);
        if (offset < 0) return list;
        var end = offset + size;
        var vd = offset;
        for (var guard = 0; guard < 100_000; guard++)
        {
            if (vd + 20 > end) throw Bad("a Verdef entry runs past .gnu.version_d");
            var aux = vd + U32(vd + 12);
            if (U16(vd + 6) > 0)
            {
                if (aux + 8 > end) throw Bad("a Verdaux entry runs past .gnu.version_d");
                list.Add(StringAt(link, U32(aux))); // the first Verdaux names the version itself
            }
            var next = U32(vd + 16);
            if (next == 0) return list;
            vd += next;
        }
        throw Bad(".gnu.version_d does not terminate");
    }

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(checked((int)at), 2));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(checked((int)at), 4));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(checked((int)at), 8));
}
