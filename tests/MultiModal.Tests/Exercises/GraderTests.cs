using System.Text.Json;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Exercises;

/// <summary>An instructor grades a class folder with one command.</summary>
public class GraderTests
{
    [Fact]
    public void Grading_a_class_folder_reports_each_exercise_and_a_score()
    {
        var dir = Directory.CreateTempSubdirectory("mm-class-");
        try
        {
            var exercise = NotebookFile.Load(Repo.Path("exercises", "00_setup.ipynb"));
            // alice: 0.1 right, 0.2 wrong (the naive softmax overflows), 0.3 untouched
            var alice = exercise.Clone();
            var c1 = alice.CodeCells.First(c => c.Source.Contains("NotDone(\"0.1\")"));
            c1.Source = c1.Source.Replace("throw MultiModal.Exercises.Exercise.NotDone(\"0.1\");", "return x.flatten(2).transpose(1, 2);");
            var c2 = alice.CodeCells.First(c => c.Source.Contains("NotDone(\"0.2\")"));
            c2.Source = c2.Source.Replace("throw MultiModal.Exercises.Exercise.NotDone(\"0.2\");", "return scores.exp() / scores.exp().sum(-1, keepdim: true);");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "alice"));
            alice.Save(Path.Combine(dir.FullName, "alice", "00_setup.ipynb"));
            Directory.CreateDirectory(Path.Combine(dir.FullName, "bob"));
            exercise.Save(Path.Combine(dir.FullName, "bob", "00_setup.ipynb"));

            var json = Path.Combine(dir.FullName, "grades.json");
            var r = CourseToolProcess.Run(TimeSpan.FromMinutes(5), "grade", dir.FullName, "--json", json);
            Assert.Equal(1, r.ExitCode); // not everything passed
            Assert.Contains("1/3 exercises passed", r.Output);
            Assert.Contains("0/3 exercises passed", r.Output);

            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var notebooks = doc.RootElement.GetProperty("notebooks").EnumerateArray().ToList();
            Assert.Equal(2, notebooks.Count);
            var a = notebooks.Single(n => n.GetProperty("notebook").GetString()!.Contains("alice"));
            // Statuses are read as the tool writes them (RunSummary.Json: "Passed", "Failed", "NotDone").
            var ex = a.GetProperty("exercises").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!,
                e => (Status: e.GetProperty("status").Deserialize<ExerciseStatus>(RunSummary.Json), Message: e.GetProperty("message").GetString()));
            Assert.Equal(ExerciseStatus.Passed, ex["0.1"].Status);
            Assert.Equal(ExerciseStatus.Failed, ex["0.2"].Status);
            Assert.Contains("softmax of [1000, 1001, 1002]", ex["0.2"].Message); // the check explains what broke
            Assert.Equal(ExerciseStatus.NotDone, ex["0.3"].Status);
            Assert.Equal(1, a.GetProperty("passed").GetInt32());
            Assert.Equal(3, a.GetProperty("total").GetInt32());
            Assert.Equal(NotebookStatus.Passed, a.GetProperty("runStatus").Deserialize<NotebookStatus>(RunSummary.Json));
        }
        finally { dir.Delete(true); }
    }
}
