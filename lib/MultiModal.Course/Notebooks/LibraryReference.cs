using System.Text.RegularExpressions;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>
/// Notebooks load the course library with <c>#r "../lib/MultiModal/bin/Debug/net10.0/MultiModal.dll"</c>, a path
/// relative to the notebook's folder. A notebook graded from somewhere else (a student's submission folder)
/// would not find it; this rewrites such a reference to the repository's library, and says so.
/// </summary>
public static partial class LibraryReference
{
    [GeneratedRegex(@"^#r\s+""(?<path>[^""]*MultiModal\.dll)""\s*$", RegexOptions.Multiline)]
    private static partial Regex Reference();

    /// <summary>Rewrites unresolved library references in <paramref name="notebook"/> to the repository's build output.</summary>
    public static void Resolve(NotebookFile notebook, string notebookDir, TextWriter log)
    {
        var library = Path.Combine(RepoPaths.Root, "lib", "MultiModal", "bin", "Debug", "net10.0", "MultiModal.dll");
        foreach (var cell in notebook.CodeCells)
        {
            var changed = Reference().Replace(cell.Source, m =>
            {
                var path = m.Groups["path"].Value;
                if (File.Exists(Path.GetFullPath(Path.Combine(notebookDir, path))) || !File.Exists(library)) return m.Value;
                log.WriteLine($"  (cell {cell.Number}: '{path}' does not exist from {notebookDir}; using {library})");
                return $"#r \"{library}\"";
            });
            if (changed != cell.Source) cell.Source = changed;
        }
    }
}
