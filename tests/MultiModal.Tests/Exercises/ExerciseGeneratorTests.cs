using MultiModal.CourseTool.Exercises;
using MultiModal.CourseTool.Notebooks;
using Xunit;
using MultiModal.Exercises;

namespace MultiModal.Tests.Exercises;

public class ExerciseGeneratorTests
{
    [Fact]
    public void A_solution_region_becomes_a_stub_at_its_indentation()
    {
        var source = "Tensor F(Tensor x)\n{\n    // BEGIN SOLUTION 4.2\n    var y = x * 2;\n    return y;\n    // END SOLUTION\n}";
        Assert.Equal("Tensor F(Tensor x)\n{\n    throw MultiModal.Exercises.Exercise.NotDone(\"4.2\");\n}", ExerciseGenerator.Strip(source));
    }

    [Fact]
    public void Hidden_regions_disappear_and_everything_else_stays()
    {
        var source = "var a = 1;\n// BEGIN HIDDEN checks\nvar secret = 2;\n// END HIDDEN\nvar b = 3;";
        Assert.Equal("var a = 1;\nvar b = 3;", ExerciseGenerator.Strip(source));
        Assert.Equal("no markers\nat all", ExerciseGenerator.Strip("no markers\nat all"));
    }

    [Theory]
    [InlineData("// END SOLUTION", "line 1: END SOLUTION without a matching BEGIN SOLUTION")]
    [InlineData("// BEGIN SOLUTION 1.1\nx();", "exercise 1.1 opened at line 1 is never closed")]
    [InlineData("// BEGIN SOLUTION\nx();\n// END SOLUTION", "write the exercise number after the marker")]
    [InlineData("// BEGIN SOLUTION 1.1\n// BEGIN SOLUTION 1.2\n// END SOLUTION", "line 2: BEGIN SOLUTION inside the solution region of exercise 1.1")]
    [InlineData("// BEGIN HIDDEN\nx();", "hidden region is never closed")]
    public void Malformed_markers_are_errors_that_name_notebook_cell_and_line(string source, string expected)
    {
        var e = Assert.Throws<ExerciseFormatException>(() => ExerciseGenerator.Strip(source, "solutions/09_x.ipynb", 7));
        Assert.Contains("solutions/09_x.ipynb, cell 7", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Generating_clears_outputs_keeps_prose_and_finds_the_exercises()
    {
        var nb = NotebookFile.Create([("markdown", "# Task\nDo it."), ("code", "int F()\n{\n    // BEGIN SOLUTION 3.1\n    return 42;\n    // END SOLUTION\n}"), ("code", "Exercise.Check(\"3.1\", () => Expect.Equal(F(), 42, \"F()\"));")]);
        nb.CodeCells.First().SetOutputs([NotebookExecutor.ErrorOutput("x", "old output")], 3);
        var ex = ExerciseGenerator.Generate(nb);
        Assert.Equal("# Task\nDo it.", ex.Cells[0].Source);
        Assert.DoesNotContain("return 42", ex.Cells[1].Source);
        Assert.Empty(ex.Cells[1].Outputs);
        Assert.Null(ex.Cells[1].ExecutionCount);
        Assert.Equal(["3.1"], ExerciseGenerator.SolutionIds(nb));
        Assert.Equal(["3.1"], ExerciseGenerator.CheckedIds(nb));
        Assert.Empty(ExerciseGenerator.SolutionIds(ex));
        Assert.Contains("return 42", nb.Cells[1].Source); // the solution itself is untouched
    }

    [Fact]
    public void The_committed_exercises_are_exactly_what_the_solutions_generate()
    {
        var log = new StringWriter();
        var stale = ExerciseGenerator.Sync(Repo.Path("solutions"), Repo.Path("exercises"), check: true, log);
        Assert.True(stale.Count == 0, "exercises/ is out of date; run: dotnet run --project lib/MultiModal.Course -- exercises\n" + log);
        Assert.NotEmpty(Directory.GetFiles(Repo.Path("solutions"), "*.ipynb"));
    }

    [Fact]
    public void A_solution_without_a_check_cell_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("mm-sol-");
        try
        {
            var sol = Path.Combine(dir.FullName, "solutions");
            Directory.CreateDirectory(sol);
            NotebookFile.Create([("code", "int F()\n{\n    // BEGIN SOLUTION 3.1\n    return 42;\n    // END SOLUTION\n}")]).Save(Path.Combine(sol, "03_x.ipynb"));
            var e = Assert.Throws<ExerciseFormatException>(() => ExerciseGenerator.Sync(sol, Path.Combine(dir.FullName, "exercises"), false, TextWriter.Null));
            Assert.Contains("3.1 have a solution but no Exercise.Check", e.Message);
        }
        finally { dir.Delete(true); }
    }
}
