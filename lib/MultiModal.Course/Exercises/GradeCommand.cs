using System.Text.Json;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Exercises;

/// <summary>The grade of one submitted exercise notebook.</summary>
/// <param name="Notebook">The submission.</param>
/// <param name="Passed">Exercises whose checks all passed.</param>
/// <param name="Total">Exercises expected (those of the matching solutions notebook).</param>
/// <param name="Exercises">One outcome per expected exercise.</param>
/// <param name="RunStatus">How the notebook run ended (a failing cell stops later checks: they count as not run).</param>
/// <param name="RunError">The run's error, if any.</param>
/// <param name="Notes">What the grader restored (edited or missing check cells).</param>
public sealed record NotebookGrade(string Notebook, int Passed, int Total, List<ExerciseOutcome> Exercises, NotebookStatus RunStatus, string? RunError, List<string> Notes)
{
    /// <summary>Score in [0, 1].</summary>
    public double Score => Total == 0 ? 0 : (double)Passed / Total;
}

/// <summary>Limits of <c>mm grade</c> (see <see cref="GradingSandbox"/>).</summary>
/// <param name="MemoryLimitMb">Most memory one submission's process may use.</param>
/// <param name="TimeLimit">Most time one submission may take.</param>
public sealed record GradeLimits(long MemoryLimitMb = GradeLimits.DefaultMemoryLimitMb, TimeSpan? TimeLimit = null)
{
    /// <summary>The memory limit unless one is given (<c>--memory-limit</c>).</summary>
    public const long DefaultMemoryLimitMb = 4096;

    /// <summary>The time limit, 20 minutes unless given.</summary>
    public TimeSpan Time => TimeLimit ?? TimeSpan.FromMinutes(20);
}

/// <summary>
/// <c>mm grade</c>: executes students' exercise notebooks (a file, or a class folder searched recursively) and
/// prints, per notebook, a table of exercises — passed, failed with the check's message, not done, or not run
/// — and a score. Exit code 0 only when every exercise of every notebook passed.
/// <para>Grades are the instructor's: each submission is run as <see cref="GradedCopy"/> assembles it (the check cells
/// of the matching <c>solutions/</c> notebook restored over whatever the student did to them), only those cells'
/// results count (<see cref="GradedChecks"/>), and it runs under <see cref="GradingSandbox"/>. Every submission is read
/// before any runs, and the grade file is written once, by this process, at the end.</para>
/// </summary>
public static class GradeCommand
{
    /// <summary>Grades; writes <paramref name="jsonFile"/> when given; returns the exit code.</summary>
    public static async Task<int> RunAsync(RunOptions options, string? jsonFile, TextWriter console, GradeLimits? limits = null)
    {
        limits ??= new GradeLimits();
        var submissions = Collect(options.Paths);
        var classFolders = options.Paths.Where(Directory.Exists).Select(Path.GetFullPath)
            .Concat(submissions.Select(s => Path.GetDirectoryName(s.Path)!)).Distinct().ToList();
        console.WriteLine($"Grading {submissions.Count} notebook(s), profile '{options.Profile}'; limits: {limits.MemoryLimitMb} MB, {limits.Time.TotalSeconds:F0} s a notebook; {GradingSandbox.Isolation}.");
        Directory.CreateDirectory(options.OutDir);
        var grades = new List<NotebookGrade>();
        var i = 0;
        foreach (var submission in submissions)
        {
            i++;
            console.WriteLine($"[{i}/{submissions.Count}] {submission.Name}");
            var grade = await GradeOneAsync(submission, options, limits, classFolders, console);
            console.WriteLine($"[{i}/{submissions.Count}] {submission.Name}: {grade.Passed}/{grade.Total}");
            grades.Add(grade);
        }
        console.WriteLine();
        foreach (var g in grades)
        {
            console.WriteLine($"{g.Notebook}: {g.Passed}/{g.Total} exercises passed ({100 * g.Score:F0}%)" + (g.RunStatus == NotebookStatus.Passed ? "" : $"  [run {g.RunStatus.Word()}: {g.RunError?.Split('\n')[0]}]"));
            foreach (var note in g.Notes) console.WriteLine($"  note: {note}");
            foreach (var e in g.Exercises)
                console.WriteLine($"  {e.Id,-6} {Word(e.Status),-13} {e.Message}");
        }
        var passed = grades.Sum(g => g.Passed);
        var total = grades.Sum(g => g.Total);
        console.WriteLine($"exercises: {passed} passed, {total - passed} failed");
        if (jsonFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonFile))!);
            await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(new { graded = DateTime.UtcNow, notebooks = grades, passed, total }, RunSummary.Json));
            console.WriteLine($"Grades: {Path.GetFullPath(jsonFile)}");
        }
        return total > 0 && passed == total ? 0 : 1;
    }

    /// <param name="Path">Where it was read.</param>
    /// <param name="Name">How reports name it (repository-relative where it can be).</param>
    /// <param name="Relative">Its path inside the class folder it came from (its file name when given alone): where its executed copy goes.</param>
    /// <param name="Json">Its content, read before any submission ran.</param>
    /// <param name="ReadError">Why it could not be read.</param>
    private sealed record Submission(string Path, string Name, string Relative, string? Json, string? ReadError);

    /// <summary>Every submission, read into memory now: nothing a submission does while it runs can change another's input.</summary>
    private static List<Submission> Collect(IEnumerable<string> paths)
    {
        var list = new List<Submission>();
        foreach (var p in paths)
        {
            var files = Directory.Exists(p)
                ? Directory.GetFiles(p, "*.ipynb", SearchOption.AllDirectories).Where(f => !f.Contains(".ipynb_checkpoints", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                : (IEnumerable<string>)[p];
            foreach (var f in files)
            {
                var name = RepoPaths.Relative(f);
                var relative = Directory.Exists(p) ? Path.GetRelativePath(p, f) : Path.GetFileName(f);
                try { list.Add(new Submission(Path.GetFullPath(f), name, relative, File.ReadAllText(f), null)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { list.Add(new Submission(Path.GetFullPath(f), name, relative, null, $"cannot read it: {e.Message}")); }
            }
        }
        return list;
    }

    private static async Task<NotebookGrade> GradeOneAsync(Submission submission, RunOptions options, GradeLimits limits, IReadOnlyList<string> classFolders, TextWriter console)
    {
        NotebookGrade Ungraded(string why) => new(submission.Name, 0, 0, [], NotebookStatus.Error, why, []);
        if (submission.ReadError is not null) return Ungraded(submission.ReadError);
        var solutionPath = Path.Combine(RepoPaths.Root, "solutions", Path.GetFileName(submission.Path));
        if (!File.Exists(solutionPath)) return Ungraded($"there is no solutions/{Path.GetFileName(submission.Path)} to grade it against (a submission keeps the exercise notebook's file name).");
        GradedCopy copy;
        NotebookFile solution;
        try
        {
            solution = NotebookFile.Load(solutionPath);
            copy = GradedCopy.Assemble(solution, NotebookFile.Parse(submission.Json!, submission.Path));
        }
        catch (NotebookFormatException e) { return Ungraded(e.Message); }
        var expected = ExerciseGenerator.SolutionIds(solution);
        var work = Directory.CreateTempSubdirectory("mm-grade-").FullName;
        try
        {
            var notebook = Path.Combine(work, Path.GetFileName(submission.Path));
            copy.Notebook.Save(notebook);
            var checks = Path.Combine(work, "graded-cells.json");
            await File.WriteAllTextAsync(checks, JsonSerializer.Serialize(copy.Checks));
            CopyCache(Path.Combine(work, "cache"));
            // Read-only for the submission: the repository, the class folder and the output folder — except one that holds the
            // submission's own temporary folder (a class folder that contains the system's temp folder), which it must write.
            var readOnly = classFolders.Append(RepoPaths.Root).Append(Path.GetFullPath(options.OutDir)).Distinct()
                .Where(f => Path.GetRelativePath(f, work).StartsWith("..", StringComparison.Ordinal)).ToList();
            var sandbox = new GradingSandbox(work, checks, limits.MemoryLimitMb << 20, limits.Time, readOnly);
            var executed = Path.Combine(work, "executed.ipynb");
            var run = await RunCommand.RunOneAsync(notebook, options, console, executed, sandbox);
            if (File.Exists(executed))
            {
                var keep = Path.Combine(options.OutDir, submission.Relative);
                Directory.CreateDirectory(Path.GetDirectoryName(keep)!);
                File.Copy(executed, keep, overwrite: true);
            }
            return Grade(run with { Notebook = submission.Name }, expected, copy.Notes);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { console.WriteLine($"  (could not remove {work}: {e.Message})"); }
        }
    }

    /// <summary>The submission's own copy of the feature cache: it may read what earlier runs computed, never change it for others.</summary>
    private static void CopyCache(string target)
    {
        Directory.CreateDirectory(target);
        var cache = Environment.GetEnvironmentVariable(EnvironmentVariables.Cache) is { Length: > 0 } c ? Path.GetFullPath(c) : Path.Combine(RepoPaths.Root, "artifacts", "cache");
        if (!Directory.Exists(cache)) return;
        foreach (var f in Directory.GetFiles(cache)) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
    }

    private static string Word(ExerciseStatus status) => status switch
    {
        ExerciseStatus.Passed => "passed",
        ExerciseStatus.Failed => "FAILED",
        ExerciseStatus.NotDone => "not done",
        _ => "not run",
    };

    /// <summary>
    /// Grades one run against the exercises of its solution notebook: each one's outcome from the restored check cells
    /// (<see cref="GradedChecks"/>), "not run" where its check never ran.
    /// </summary>
    public static NotebookGrade Grade(NotebookResult run, IReadOnlyList<string> expected, IReadOnlyList<string>? notes = null)
    {
        // A notebook that failed only on a missed metric target ran every cell: its missing checks do not exist.
        var cellsAllRan = run.Status == NotebookStatus.Passed || (run.Status == NotebookStatus.Failed && run.FailedCell is null);
        var outcomes = new List<ExerciseOutcome>();
        foreach (var id in expected)
        {
            var seen = run.Exercises.LastOrDefault(e => e.Id == id);
            outcomes.Add(seen ?? new ExerciseOutcome(id, ExerciseStatus.NotRun,
                cellsAllRan ? "no check cell for this exercise ran." : $"its check never ran: {run.Error?.Split('\n')[0]}"));
        }
        return new NotebookGrade(run.Notebook, outcomes.Count(o => o.Status == ExerciseStatus.Passed), outcomes.Count, outcomes, run.Status, run.Error, notes?.ToList() ?? []);
    }
}
