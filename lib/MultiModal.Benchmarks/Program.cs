using MultiModal.Benchmarks;
using MultiModal;

// dotnet run -c Release --project lib/MultiModal.Benchmarks -- [NAME ...]   (no name: list them)
var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();
MultiModal.Course.Setup(seed: 0);
if (args.Length == 0)
{
    Console.WriteLine("Benchmarks (run with their names, or 'all' for every measurement):");
    foreach (var b in all.Where(b => !b.IsCommand)) Console.WriteLine($"  {b.Name,-24} {b.Description}");
    Console.WriteLine("Commands that regenerate files in the repository (run by name only):");
    foreach (var b in all.Where(b => b.IsCommand)) Console.WriteLine($"  {b.Name,-24} {b.Description}");
    return 0;
}
var chosen = all.Where(b => args.Contains(b.Name) || (args.Contains("all") && !b.IsCommand)).ToList();
var unknown = args.Where(a => a != "all" && all.All(b => b.Name != a)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown benchmark(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", all.Select(b => b.Name))}.");
    return 2;
}
foreach (var b in chosen)
{
    Console.WriteLine($"== {b.Name}: {b.Description}");
    b.Run(Console.Out);
}
return 0;
