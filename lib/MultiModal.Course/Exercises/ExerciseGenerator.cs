using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Exercises;

/// <summary>
/// Derives a student's exercise notebook from its full solution notebook (one source, nbgrader style):
/// every region between <c>// BEGIN SOLUTION N.k</c> and <c>// END SOLUTION</c> becomes the stub
/// <c>throw MultiModal.Exercises.Exercise.NotDone("N.k");</c> at the region's indentation, every region between
/// <c>// BEGIN HIDDEN</c> and <c>// END HIDDEN</c> is removed, outputs are cleared and the prose stays.
/// Malformed markers are errors naming the notebook, cell and line — a broken generator never silently
/// produces a partial copy.
/// </summary>
public static partial class ExerciseGenerator
{
    [GeneratedRegex(@"^(?<indent>\s*)//\s*BEGIN SOLUTION(?:\s+(?<id>\S+))?\s*$")]
    private static partial Regex BeginSolution();
    [GeneratedRegex(@"^\s*//\s*END SOLUTION\s*$")]
    private static partial Regex EndSolution();
    [GeneratedRegex(@"^\s*//\s*BEGIN HIDDEN\b.*$")]
    private static partial Regex BeginHidden();
    [GeneratedRegex(@"^\s*//\s*END HIDDEN\s*$")]
    private static partial Regex EndHidden();
    [GeneratedRegex(@"^\d+\.\d+$")]
    private static partial Regex ExerciseId();
    [GeneratedRegex(@"Exercise\.Check\(\s*""(?<id>[^""]+)""")]
    private static partial Regex CheckCall();

    /// <summary>The student copy of <paramref name="solution"/>.</summary>
    public static NotebookFile Generate(NotebookFile solution)
    {
        var copy = solution.Clone();
        foreach (var cell in copy.CodeCells)
        {
            cell.Source = Strip(cell.Source, solution.Path, cell.Number);
            cell.ClearOutputs();
        }
        return copy;
    }

    /// <summary>Exercise numbers that have a solution region in <paramref name="notebook"/>, in order of appearance.</summary>
    public static IReadOnlyList<string> SolutionIds(NotebookFile notebook) =>
        notebook.CodeCells
            .SelectMany(c => c.Source.Split('\n'))
            .Select(l => BeginSolution().Match(l))
            .Where(m => m.Success && m.Groups["id"].Success)
            .Select(m => m.Groups["id"].Value)
            .Distinct()
            .ToList();

    /// <summary>Exercise numbers checked by <c>Exercise.Check("N.k", …)</c> calls in <paramref name="notebook"/>.</summary>
    public static IReadOnlyList<string> CheckedIds(NotebookFile notebook) =>
        notebook.CodeCells.SelectMany(c => CheckedIds(c.Source)).Distinct().ToList();

    /// <summary>Exercise numbers checked by <c>Exercise.Check("N.k", …)</c> calls in one cell's <paramref name="source"/>.</summary>
    public static IReadOnlyList<string> CheckedIds(string source) =>
        CheckCall().Matches(source).Select(m => m.Groups["id"].Value).Distinct().ToList();

    /// <summary>Removes solution and hidden regions from one cell's source.</summary>
    public static string Strip(string source, string notebook = "<notebook>", int cell = 0)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var sb = new StringBuilder();
        string? openId = null;
        var openLine = 0;
        var hidden = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"{notebook}, cell {cell}, line {i + 1}";
            var begin = BeginSolution().Match(line);
            if (begin.Success)
            {
                if (openId is not null) throw new ExerciseFormatException($"{where}: BEGIN SOLUTION inside the solution region of exercise {openId} opened at line {openLine}; close it with // END SOLUTION first.");
                if (hidden) throw new ExerciseFormatException($"{where}: BEGIN SOLUTION inside a hidden region.");
                if (!begin.Groups["id"].Success || !ExerciseId().IsMatch(begin.Groups["id"].Value))
                    throw new ExerciseFormatException($"{where}: write the exercise number after the marker, e.g. '// BEGIN SOLUTION 8.1'.");
                openId = begin.Groups["id"].Value;
                openLine = i + 1;
                sb.Append(begin.Groups["indent"].Value).Append("throw MultiModal.Exercises.Exercise.NotDone(\"").Append(openId).Append("\");\n");
                continue;
            }
            if (EndSolution().IsMatch(line))
            {
                if (openId is null) throw new ExerciseFormatException($"{where}: END SOLUTION without a matching BEGIN SOLUTION.");
                openId = null;
                continue;
            }
            if (BeginHidden().IsMatch(line))
            {
                if (hidden || openId is not null) throw new ExerciseFormatException($"{where}: BEGIN HIDDEN inside another region.");
                hidden = true;
                continue;
            }
            if (EndHidden().IsMatch(line))
            {
                if (!hidden) throw new ExerciseFormatException($"{where}: END HIDDEN without a matching BEGIN HIDDEN.");
                hidden = false;
                continue;
            }
            if (openId is null && !hidden) sb.Append(line).Append('\n');
        }
        if (openId is not null) throw new ExerciseFormatException($"{notebook}, cell {cell}: the solution region of exercise {openId} opened at line {openLine} is never closed with // END SOLUTION.");
        if (hidden) throw new ExerciseFormatException($"{notebook}, cell {cell}: a hidden region is never closed with // END HIDDEN.");
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// Generates <c>exercises/X.ipynb</c> for every <c>solutions/X.ipynb</c>. With <paramref name="check"/>, writes
    /// nothing and reports files that differ, are missing or have no solution. Returns the files that differ.
    /// </summary>
    public static IReadOnlyList<string> Sync(string solutionsDir, string exercisesDir, bool check, TextWriter log)
    {
        var problems = new List<string>();
        if (!Directory.Exists(solutionsDir)) throw new DirectoryNotFoundException($"No solutions folder at '{solutionsDir}'.");
        Directory.CreateDirectory(exercisesDir);
        var solutions = Directory.GetFiles(solutionsDir, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        foreach (var sol in solutions)
        {
            var notebook = NotebookFile.Load(sol);
            if (SolutionIds(notebook).Count == 0) throw new ExerciseFormatException($"{sol}: has no '// BEGIN SOLUTION N.k' region, so it makes no exercise.");
            var unchecked_ = SolutionIds(notebook).Except(CheckedIds(notebook)).ToList();
            if (unchecked_.Count > 0) throw new ExerciseFormatException($"{sol}: exercise(s) {string.Join(", ", unchecked_)} have a solution but no Exercise.Check(\"N.k\", …) cell.");
            var json = Generate(notebook).ToJson();
            var target = Path.Combine(exercisesDir, Path.GetFileName(sol));
            var current = File.Exists(target) ? File.ReadAllText(target) : null;
            if (current == json) continue;
            problems.Add(target);
            if (check) log.WriteLine($"out of date: {target} (regenerate with: dotnet run --project lib/MultiModal.Course -- exercises)");
            else
            {
                File.WriteAllText(target, json);
                log.WriteLine($"wrote {target}");
            }
        }
        var names = solutions.Select(Path.GetFileName).ToHashSet();
        foreach (var orphan in Directory.GetFiles(exercisesDir, "*.ipynb").Where(f => !names.Contains(Path.GetFileName(f))))
        {
            problems.Add(orphan);
            log.WriteLine($"no solution for {orphan}: every exercise notebook is generated from solutions/.");
        }
        return problems;
    }
}

/// <summary>A solution notebook whose markers cannot be turned into an exercise.</summary>
public sealed class ExerciseFormatException(string message) : Exception(message);
