using MultiModal.Benchmarks;

// dotnet run -c Release --project lib/MultiModal.Benchmarks -- [NAME ...]   (no name: list them)
var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();
MultiModal.Course.Setup(seed: 0);
if (args.Length == 0)
{
    Console.WriteLine("Benchmarks (run with their names, or 'all'):");
    foreach (var b in all) Console.WriteLine($"  {b.Name,-24} {b.Description}");
    return 0;
}
var chosen = args.Contains("all") ? all : all.Where(b => args.Contains(b.Name)).ToList();
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
