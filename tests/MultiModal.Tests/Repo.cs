namespace MultiModal.Tests;

/// <summary>Paths of the repository under test.</summary>
internal static class Repo
{
    public static string Root { get; } = MultiModal.CourseTool.RepoPaths.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Tests must run inside the MultiModal repository (no MultiModal.sln above the test binaries).");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The course tool's build output (built as a project reference of the tests).</summary>
    public static string CourseTool => Path("lib", "MultiModal.Course", "bin", Configuration, "net10.0", "mm.dll");

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif
}
