using System.Text.Json;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>The exercise checks a notebook ran, read back from the exercises file.</summary>
/// <param name="Outcomes">Every check, in the order it ran.</param>
/// <param name="Problems">Lines of the file that could not be read, for people.</param>
public sealed record ExercisesReport(List<ExerciseOutcome> Outcomes, List<string> Problems);

/// <summary>
/// Reads the JSON-lines file named by <see cref="EnvironmentVariables.ExercisesFile"/>, one check a line, as the
/// library's <c>Exercise.Check</c> writes it: <c>{"id":"8.1","status":"Passed","message":"…"}</c> with status
/// <c>Passed</c>, <c>Failed</c> or <c>NotDone</c> (read ignoring case, see <see cref="StatusWords.ParseExercise"/>).
/// </summary>
public static class ExercisesFile
{
    /// <summary>
    /// Reads <paramref name="path"/>. A missing file means no checks ran; empty lines are skipped; a line that is
    /// not a check (invalid JSON, no id, an unknown status) becomes a <see cref="ExercisesReport.Problems"/> entry.
    /// </summary>
    public static ExercisesReport Read(string path)
    {
        var report = new ExercisesReport([], []);
        foreach (var (number, text) in JsonLines.Read(path, "exercises file", report.Problems))
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(text); }
            catch (JsonException)
            {
                report.Problems.Add($"exercises file line {number} is not valid JSON: {MetricsFile.Shorten(text)}");
                continue;
            }
            using (doc)
            {
                var r = doc.RootElement;
                if (r.ValueKind != JsonValueKind.Object || MetricsFile.Property(r, "id") is not { ValueKind: JsonValueKind.String } idElement)
                {
                    report.Problems.Add($"exercises file line {number} is not an exercise check (expected {{\"id\": …, \"status\": …, \"message\": …}}): {MetricsFile.Shorten(text)}");
                    continue;
                }
                var id = idElement.GetString()!;
                var status = MetricsFile.Property(r, "status") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
                var message = MetricsFile.Property(r, "message") is { ValueKind: JsonValueKind.String } m ? m.GetString() ?? "" : "";
                try
                {
                    report.Outcomes.Add(new ExerciseOutcome(id, StatusWords.ParseExercise(status), message));
                }
                catch (FormatException e)
                {
                    report.Problems.Add($"exercises file line {number}: exercise {id}: {e.Message}");
                }
            }
        }
        return report;
    }
}
