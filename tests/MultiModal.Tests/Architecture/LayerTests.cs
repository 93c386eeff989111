using MultiModal.Tests.Architecture.Planted.High;
using Xunit;

namespace MultiModal.Tests.Architecture
{
    /// <summary>The library's folders depend on each other one way (the map is lib/MultiModal/README.md).</summary>
    public class LayerTests
    {
        /// <summary>
        /// The library's layers, lowest first; the same order as the table in lib/MultiModal/README.md. Within a layer
        /// the namespaces are siblings and do not use each other (building blocks; tasks).
        /// </summary>
        public static readonly string[][] Library =
        [
            ["MultiModal.Tensors"],
            ["MultiModal.Platform"],
            ["MultiModal.Audio"],
            ["MultiModal.World"],
            ["MultiModal.Metrics"],
            ["MultiModal.Display"],
            ["MultiModal"],
            ["MultiModal.Training"],
            ["MultiModal.Models.Encoders", "MultiModal.Models.Attention", "MultiModal.Models.Decoding", "MultiModal.Models.Losses"],
            ["MultiModal.Models.Captioning", "MultiModal.Models.Tagging", "MultiModal.Models.Recipes", "MultiModal.Models.Answering", "MultiModal.Models.Generation", "MultiModal.Models.Localization"],
            ["MultiModal.Exercises"],
        ];

        [Fact]
        public void Library_dependencies_run_one_way()
        {
            var violations = LayerRules.Violations(typeof(Course).Assembly, Library);
            Assert.True(violations.Count == 0, "Dependencies against the layer map (lib/MultiModal/README.md):\n" + string.Join("\n", violations));
        }

        [Fact]
        public void Every_library_namespace_has_a_place_on_the_map()
        {
            var unplaced = LayerRules.Unplaced(typeof(Course).Assembly, Library);
            Assert.True(unplaced.Count == 0, $"Namespaces without a layer (add them to LayerTests.Library and lib/MultiModal/README.md): {string.Join(", ", unplaced)}");
        }

        [Fact]
        public void The_rule_catches_a_planted_back_import()
        {
            string[][] planted = [["MultiModal.Tests.Architecture.Planted.Low"], ["MultiModal.Tests.Architecture.Planted.High"]];
            var violations = LayerRules.Violations(typeof(LayerTests).Assembly, planted);
            Assert.Contains(violations, v => v.Contains("Planted.Low.UsesHigherInBody", StringComparison.Ordinal));
            Assert.Contains(violations, v => v.Contains("Planted.Low.UsesHigherInLambda", StringComparison.Ordinal));
            Assert.DoesNotContain(violations, v => v.StartsWith("MultiModal.Tests.Architecture.Planted.High.", StringComparison.Ordinal));
            Assert.DoesNotContain(violations, v => v.StartsWith("MultiModal.Tests.Architecture.Planted.Low.Clean", StringComparison.Ordinal));
        }

        [Fact]
        public void The_rule_catches_a_sibling_import()
        {
            string[][] siblings = [["MultiModal.Tests.Architecture.Planted.Low", "MultiModal.Tests.Architecture.Planted.High"]];
            var violations = LayerRules.Violations(typeof(LayerTests).Assembly, siblings);
            Assert.Contains(violations, v => v.Contains("Planted.High.UsesLower", StringComparison.Ordinal));
        }

        [Fact]
        public void The_library_map_names_every_folder()
        {
            var lib = Repo.Path("lib", "MultiModal");
            var readme = File.ReadAllText(Path.Combine(lib, "README.md"));
            var folders = Directory.GetFiles(lib, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                .Select(f => Path.GetRelativePath(lib, Path.GetDirectoryName(f)!).Replace('\\', '/'))
                .Where(d => d != ".").Distinct().Order().ToArray();
            var missing = folders.Where(d => !readme.Contains($"`{d}/`", StringComparison.Ordinal)).ToArray();
            Assert.True(missing.Length == 0, $"lib/MultiModal/README.md does not describe these folders (as `Folder/`): {string.Join(", ", missing)}");
            foreach (var ns in Library.SelectMany(l => l))
                Assert.True(readme.Contains($"`{ns}`", StringComparison.Ordinal), $"lib/MultiModal/README.md does not name the namespace `{ns}` in its layer table.");
        }
    }
}

// A planted violation for the rule to catch: Low uses High, in a method body and in a lambda.
namespace MultiModal.Tests.Architecture.Planted.High
{
    public static class Upper
    {
        public static int Value() => 42;
    }
}

namespace MultiModal.Tests.Architecture.Planted.Low
{
    public static class UsesHigherInBody
    {
        public static int Read() => Upper.Value();
    }

    public static class UsesHigherInLambda
    {
        public static Func<int> Reader() => () => Upper.Value() + 1;
    }

    public static class Clean
    {
        public static int Two() => 2;
    }
}

namespace MultiModal.Tests.Architecture.Planted.High
{
    public static class UsesLower
    {
        public static int Read() => Low.Clean.Two() + Upper.Value();
    }
}
