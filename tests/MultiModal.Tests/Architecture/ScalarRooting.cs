using Mono.Cecil;
using Mono.Cecil.Cil;

namespace MultiModal.Tests.Architecture;

/// <summary>
/// Finds the calls that let TorchSharp make a native Scalar nobody keeps alive (see lib/MultiModal/Tensors/Scalars.cs):
/// an implicit number → Scalar conversion in the code read, a call to a TorchSharp method that makes one inside (found
/// by reading TorchSharp's own IL, transitively: <c>a + b</c> of two tensors → <c>add(b)</c> → <c>add(b, 1)</c>), and an
/// explicit <c>ToScalar()</c> in a method that does not dispose as many Scalars as it makes (one stored in a field lives with its object).
/// </summary>
internal static class ScalarRooting
{
    private const string ImplicitToScalar = "TorchSharp.Scalar TorchSharp.Scalar::op_Implicit(";
    private const string ToScalar = "TorchSharp.Scalar TorchSharp.ScalarExtensionMethods::ToScalar(";
    private const string Disposed = "Dispose of a Scalar local";

    private static readonly Lazy<HashSet<string>> TorchSharpMakers = new(() => Makers(typeof(TorchSharp.torch).Assembly.Location));

    /// <summary>One line per offending call, "Type::Method → what it calls", for every type whose full name starts with <paramref name="namespacePrefix"/>.</summary>
    public static List<string> Offences(string assemblyPath, string namespacePrefix)
    {
        var makers = TorchSharpMakers.Value;
        var offences = new List<string>();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in AllTypes(module).Where(t => t.FullName.StartsWith(namespacePrefix, StringComparison.Ordinal)))
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                var where = $"{Outermost(type).FullName}::{method.Name}";
                int made = 0, disposed = 0;
                foreach (var (callee, storedInField) in Calls(method))
                {
                    if (callee.StartsWith(ImplicitToScalar, StringComparison.Ordinal)) offences.Add($"{where} → implicit number → Scalar ({callee})");
                    else if (callee.StartsWith(ToScalar, StringComparison.Ordinal)) made += storedInField ? 0 : 1; // a field keeps it alive
                    else if (callee == Disposed) disposed++;
                    else if (makers.Contains(callee)) offences.Add($"{where} → {callee} (makes a Scalar inside TorchSharp)");
                }
                if (made > disposed) offences.Add($"{where} → {made} ToScalar() but {disposed} Dispose(): write `using var s = value.ToScalar();`");
            }
        return offences;
    }

    /// <summary>TorchSharp methods that make a Scalar themselves or call one that does (TorchSharp's own IL, to a fixed point).</summary>
    private static HashSet<string> Makers(string torchSharpPath)
    {
        using var module = ModuleDefinition.ReadModule(torchSharpPath);
        var calls = new List<(string Caller, string Callee)>();
        foreach (var method in AllTypes(module).SelectMany(t => t.Methods).Where(m => m.HasBody))
            foreach (var callee in Callees(method))
                calls.Add((method.FullName, callee));
        var makers = calls.Where(c => c.Callee.StartsWith(ImplicitToScalar, StringComparison.Ordinal) || c.Callee.StartsWith(ToScalar, StringComparison.Ordinal))
                          .Select(c => c.Caller).ToHashSet();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (caller, callee) in calls)
                if (makers.Contains(callee) && makers.Add(caller)) grew = true;
        }
        return makers;
    }

    private static IEnumerable<string> Callees(MethodDefinition method) => Calls(method).Select(c => c.Callee);

    // Every call with whether its result goes straight into a field; Dispose() of a local of type Scalar (what
    // `using var s = v.ToScalar();` compiles to) is reported as "Dispose of a Scalar local".
    private static IEnumerable<(string Callee, bool StoredInField)> Calls(MethodDefinition method) =>
        method.Body.Instructions
              .Where(i => i.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj && i.Operand is MethodReference)
              .Select(i =>
              {
                  var callee = ((MethodReference)i.Operand).GetElementMethod();
                  if (callee.Name == "Dispose" && callee.Parameters.Count == 0 && LoadedLocalType(method, i.Previous) == "TorchSharp.Scalar") return (Disposed, false);
                  return (callee.FullName, i.Next?.OpCode.Code is Code.Stfld or Code.Stsfld);
              });

    private static string? LoadedLocalType(MethodDefinition method, Instruction? load)
    {
        var index = load?.OpCode.Code switch
        {
            Code.Ldloc_0 => 0, Code.Ldloc_1 => 1, Code.Ldloc_2 => 2, Code.Ldloc_3 => 3,
            Code.Ldloc or Code.Ldloc_S => ((VariableDefinition)load.Operand).Index,
            _ => -1,
        };
        return index >= 0 ? method.Body.Variables[index].VariableType.FullName : null;
    }

    private static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module) => module.Types.SelectMany(Nested);

    private static IEnumerable<TypeDefinition> Nested(TypeDefinition type) => new[] { type }.Concat(type.NestedTypes.SelectMany(Nested));

    private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType is null ? type : Outermost(type.DeclaringType);
}
