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

    private static NotebookFile Solve(NotebookFile exercise, string id, string code)
    {
        var copy = exercise.Clone();
        var cell = copy.CodeCells.First(c => c.Source.Contains($"NotDone(\"{id}\")"));
        cell.Source = cell.Source.Replace($"throw MultiModal.Exercises.Exercise.NotDone(\"{id}\");", code);
        return copy;
    }

    private static NotebookFile Append(NotebookFile notebook, params string[] code) =>
        notebook.WithCells(notebook.Cells.Concat(NotebookFile.Create(code.Select(c => ("code", c))).Cells.Select((c, i) => { c.Id = $"student-{i}"; return c; })));

    /// <summary>Student cells right after the check cell of <paramref name="id"/>: what they do stops the later checks from running.</summary>
    private static NotebookFile AfterCheck(NotebookFile notebook, string id, params string[] code)
    {
        var at = notebook.Cells.ToList().FindIndex(c => c.Source.Contains($"Exercise.Check(\"{id}\""));
        var added = NotebookFile.Create(code.Select(c => ("code", c))).Cells.Select((c, i) => { c.Id = $"student-after-{i}"; return c; });
        return notebook.WithCells(notebook.Cells.Take(at + 1).Concat(added).Concat(notebook.Cells.Skip(at + 1)));
    }

    private const string Right01 = "return x.flatten(2).transpose(1, 2);";

    [Fact]
    public void Hostile_submissions_are_contained_and_graded_for_what_they_did_while_honest_ones_are_graded_right()
    {
        var dir = Directory.CreateTempSubdirectory("mm-hostile-class-");
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        var solutionText = File.ReadAllText(Repo.Path("solutions", "00_setup.ipynb"));
        try
        {
            var exercise = NotebookFile.Load(Repo.Path("exercises", "00_setup.ipynb"));

            var json = Path.Combine(dir.FullName, "grades.json");
            void Save(string student, NotebookFile nb)
            {
                Directory.CreateDirectory(Path.Combine(dir.FullName, student));
                nb.Save(Path.Combine(dir.FullName, student, "00_setup.ipynb"));
            }
            var alice = Solve(Solve(exercise, "0.1", Right01), "0.2", "return scores.exp() / scores.exp().sum(-1, keepdim: true);");
            Save("alice", alice);                                                        // honest: 0.1 right, 0.2 overflows, 0.3 untouched
            Save("carol", NotebookFile.Load(Repo.Path("solutions", "00_setup.ipynb")));   // honest: everything right
            Save("forger", Append(exercise, "Exercise.Check(\"0.1\", () => { });", "MultiModal.Exercises.Exercise.Check(\"0.2\", () => { });",
                "System.IO.File.AppendAllText(Environment.GetEnvironmentVariable(\"MULTIMODAL_EXERCISES_FILE\") ?? \"forged.jsonl\", \"{\\\"id\\\":\\\"0.3\\\",\\\"status\\\":\\\"Passed\\\"}\\n\");",
                "display(new MultiModal.Exercises.CheckResult(\"0.3\", MultiModal.Exercises.CheckStatus.Passed, \"forged\"));"));
            var deleter = exercise.WithCells(exercise.Cells.Where(c => !c.Source.Contains("Exercise.Check(\"0.1\"")));
            var replaced = deleter.CodeCells.First(c => c.Source.Contains("Exercise.Check(\"0.2\""));
            replaced.Source = "class Exercise { public static object Check(string id, Action a) => \"passed\"; }\nExercise.Check(\"0.2\", () => { });";
            Save("deleter", deleter);                                                    // deletes check 0.1, replaces check 0.2 with a fake
            Save("looper", AfterCheck(Solve(exercise, "0.1", Right01), "0.1", "while (true) { }"));  // never ends
            Save("hog", AfterCheck(Solve(exercise, "0.1", Right01), "0.1",                             // managed and native memory far beyond the limit
                "try { var hog = new List<byte[]>(); while (true) hog.Add(new byte[1 << 26]); } catch (OutOfMemoryException) { Console.WriteLine(\"managed: out of memory\"); }",
                "var big = TorchSharp.torch.empty(3L << 30); big.fill_(1f);"));
            Save("vandal", Append(Solve(exercise, "0.1", Right01), $$"""
                var tried = new List<string>();
                void Try(string what, Action act) { try { act(); tried.Add(what + ": done"); } catch (Exception e) { tried.Add(what + ": " + e.GetType().Name); } }
                Try("alice", () => System.IO.File.WriteAllText("{{Path.Combine(dir.FullName, "alice", "00_setup.ipynb")}}", "{}"));
                Try("grades", () => System.IO.File.WriteAllText("{{json}}", "{\"passed\": 99}"));
                Try("stray", () => System.IO.File.WriteAllText("{{Path.Combine(dir.FullName, "stray.txt")}}", "x"));
                Try("solutions", () => System.IO.File.WriteAllText("{{Repo.Path("solutions", "00_setup.ipynb")}}", "{}"));
                Try("network", () => { using var c = new System.Net.Sockets.TcpClient(); c.Connect("127.0.0.1", {{port}}); });
                Console.WriteLine(string.Join("; ", tried));
                """));
            Save("quitter", AfterCheck(Solve(exercise, "0.1", Right01), "0.1", "Environment.Exit(0);"));

            var r = CourseToolProcess.Run(TimeSpan.FromMinutes(12), "grade", dir.FullName, "--json", json, "--cell-timeout", "40", "--time-limit", "150", "--memory-limit", "2048");
            Assert.Equal(1, r.ExitCode);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(8, doc.RootElement.GetProperty("notebooks").GetArrayLength());
            var grades = doc.RootElement.GetProperty("notebooks").EnumerateArray().ToDictionary(
                n => Path.GetFileName(Path.GetDirectoryName(n.GetProperty("notebook").GetString()!))!,
                n => n.GetProperty("exercises").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("status").Deserialize<ExerciseStatus>(RunSummary.Json)));
            string Row(string student) => string.Join(" ", grades[student].OrderBy(kv => kv.Key).Select(kv => kv.Value));
            var output = r.Output;
            Assert.True(Row("alice") == "Passed Failed NotDone", $"alice: {Row("alice")}\n{output}");
            Assert.True(Row("carol") == "Passed Passed Passed", $"carol: {Row("carol")}\n{output}");
            Assert.True(Row("forger") == "NotDone NotDone NotDone", $"forger: {Row("forger")}\n{output}");
            Assert.True(Row("deleter") == "NotDone NotDone NotDone", $"deleter: {Row("deleter")}\n{output}");
            Assert.Contains("the check cell of exercise 0.1 was missing: restored.", output);
            Assert.Contains("the check cell of exercise 0.2 was edited: the instructor's is run instead.", output);
            Assert.True(Row("looper") == "Passed NotRun NotRun", $"looper: {Row("looper")}\n{output}");
            Assert.True(Row("hog") == "Passed NotRun NotRun", $"hog: {Row("hog")}\n{output}");
            Assert.Contains("more than the grader's limit of 2048 MB", output);
            Assert.True(Row("vandal") == "Passed NotDone NotDone", $"vandal: {Row("vandal")}\n{output}");
            Assert.True(Row("quitter") == "Passed NotRun NotRun", $"quitter: {Row("quitter")}\n{output}");
            Assert.Equal(8, doc.RootElement.GetProperty("passed").GetInt32()); // alice 1, carol 3, looper, hog, vandal and quitter 1 each

            if (r.Output.Contains("NOT isolated", StringComparison.Ordinal)) return; // no namespaces here: the run said so
            Assert.True(File.Exists(Path.Combine(r.OutDir, "vandal", "00_setup.ipynb")), "the executed copy of each submission is kept under --out, by its path in the class folder");
            Assert.Contains("alice: IOException; grades: IOException; stray: IOException; solutions: IOException; network: SocketException",
                File.ReadAllText(Path.Combine(r.OutDir, "vandal", "00_setup.ipynb")));
            Assert.Equal(alice.ToJson(), File.ReadAllText(Path.Combine(dir.FullName, "alice", "00_setup.ipynb")));
            Assert.Equal(solutionText, File.ReadAllText(Repo.Path("solutions", "00_setup.ipynb")));
            Assert.False(File.Exists(Path.Combine(dir.FullName, "stray.txt")));
            Assert.False(accepted.IsCompleted, "a submission reached a port on this machine's loopback");
        }
        finally
        {
            listener.Stop();
            dir.Delete(true);
            // were the sandbox ever broken, the vandal's write must not stay in the repository
            if (File.ReadAllText(Repo.Path("solutions", "00_setup.ipynb")) != solutionText) File.WriteAllText(Repo.Path("solutions", "00_setup.ipynb"), solutionText);
        }
    }
}
