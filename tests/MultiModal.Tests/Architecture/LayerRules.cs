using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace MultiModal.Tests.Architecture;

/// <summary>
/// Checks that namespaces of an assembly depend on each other one way only: a type in layer i may use its own
/// namespace and the namespaces of layers 0 … i − 1, nothing of its siblings in layer i or of any later layer.
/// Dependencies are read from the compiled IL (NetArchTest, Mono.Cecil): fields, signatures and method bodies,
/// lambdas and nested types included, so a <c>using</c> that is never used does not count and a fully qualified
/// call does.
/// </summary>
public static class LayerRules
{
    /// <summary>Every violation: "type (layer) uses namespace (layer)".</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, IReadOnlyList<string[]> layers)
    {
        var all = assembly.GetTypes().Select(t => t.Namespace).OfType<string>().Distinct().ToHashSet();
        var violations = new List<string>();
        for (var i = 0; i < layers.Count; i++)
            foreach (var ns in layers[i])
            {
                var forbidden = layers.Skip(i).SelectMany(l => l).Where(other => other != ns && all.Contains(other))
                                      .SelectMany(other => Targets(assembly, other)).ToArray();
                if (forbidden.Length == 0) continue;
                var result = Types.InAssembly(assembly)
                    .That().ResideInNamespaceMatching($"^{Regex.Escape(ns)}$")
                    .Should().NotHaveDependencyOnAny(forbidden)
                    .GetResult();
                if (result.IsSuccessful) continue;
                foreach (var type in result.FailingTypes ?? [])
                    violations.Add($"{type.FullName} (layer {i}, {ns}) uses a later layer or a sibling: {type.Explanation}");
            }
        return violations;
    }

    /// <summary>Namespaces of <paramref name="assembly"/> that no layer names.</summary>
    public static IReadOnlyList<string> Unplaced(Assembly assembly, IReadOnlyList<string[]> layers)
    {
        var placed = layers.SelectMany(l => l).ToHashSet();
        return assembly.GetTypes().Where(t => !t.Name.StartsWith('<')).Select(t => t.Namespace).OfType<string>()
                       .Where(n => n.StartsWith(layers[0][0].Split('.')[0], StringComparison.Ordinal) && !placed.Contains(n))
                       .Distinct().Order().ToArray();
    }

    // A namespace as dependency names: its own name, except for a namespace that is the prefix of others (the root
    // namespace "MultiModal"), which is named type by type so that it does not stand for every namespace below it.
    private static IEnumerable<string> Targets(Assembly assembly, string ns)
    {
        var isPrefix = assembly.GetTypes().Any(t => t.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true);
        if (!isPrefix) return [ns];
        return assembly.GetTypes().Where(t => t.Namespace == ns && !t.IsNested && !t.Name.StartsWith('<')).Select(t => t.FullName!);
    }
}
