namespace MultiModal.CourseTool.Notebooks;

/// <summary>
/// The JSON-lines files a notebook process writes for the runner (metrics, exercise checks): their non-empty lines with
/// 1-based line numbers. A missing file has no lines; a file that cannot be read adds one problem and has no lines.
/// </summary>
public static class JsonLines
{
    /// <summary>The non-empty, trimmed lines of <paramref name="path"/>; read problems are added to <paramref name="problems"/> naming <paramref name="what"/>.</summary>
    public static IReadOnlyList<(int Number, string Text)> Read(string path, string what, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (!File.Exists(path)) return [];
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{what} could not be read: {e.Message}");
            return [];
        }
        return lines.Select((l, i) => (Number: i + 1, Text: l.Trim())).Where(l => l.Text.Length > 0).ToArray();
    }
}
