namespace MultiModal.CourseTool;

/// <summary>Finds the course repository (the folder holding MultiModal.sln) and makes paths relative to it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
        FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory());

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds MultiModal.sln.</summary>
    public static string? FindRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MultiModal.sln"))) return d.FullName;
        return null;
    }

    /// <summary><paramref name="path"/> relative to the repository root, with forward slashes.</summary>
    public static string Relative(string path) =>
        Path.GetRelativePath(Root, Path.GetFullPath(path)).Replace('\\', '/');
}
