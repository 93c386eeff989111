using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Export;

/// <summary>
/// <c>mm export</c>: a notebook as a .NET 10 file-based app (<c>dotnet run artifacts/apps/NN_topic.cs</c>), for
/// readers without a notebook kernel. The code cells run in order as top-level statements; the Markdown becomes
/// comments above them; what a cell displays (<c>display(x)</c>, its last value, <c>NotebookHost.Display</c>) is
/// written as files by <c>FileDisplay</c> into a folder beside the app; the reported metrics are printed at the end.
/// The notebook's script dialect is translated with Roslyn: <c>#r "nuget: …"</c> and <c>#r "…/MultiModal.dll"</c>
/// become a project reference to the library (which brings the same packages), <c>using</c>s move to the top, a
/// cell's trailing expression becomes <c>display(…);</c>, and a top-level variable declared again by a later cell
/// (allowed in a notebook, not in one program) is renamed from that cell on.
/// </summary>
public static partial class AppExporter
{
    /// <summary>Writes the app for <paramref name="notebookPath"/> into <paramref name="outDir"/>; returns its path.</summary>
    public static string Export(string notebookPath, string outDir)
    {
        var notebook = NotebookFile.Load(notebookPath);
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        Directory.CreateDirectory(outDir);
        var app = Path.Combine(outDir, name + ".cs");
        File.WriteAllText(app, Translate(notebook, name, Path.GetRelativePath(outDir, Path.Combine(RepoPaths.Root, "lib", "MultiModal", "MultiModal.csproj")).Replace('\\', '/'),
            Path.GetRelativePath(outDir, Path.GetDirectoryName(Path.GetFullPath(notebookPath))!).Replace('\\', '/')));
        return app;
    }

    /// <summary>The app's source for <paramref name="notebook"/>.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="name">Its name (NN_topic): the folder displays go to, beside the app.</param>
    /// <param name="libraryProject">Path of lib/MultiModal/MultiModal.csproj relative to the app.</param>
    /// <param name="notebookFolder">The notebook's folder relative to the app: the working directory, as in a kernel.</param>
    public static string Translate(NotebookFile notebook, string name, string libraryProject, string notebookFolder)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var usings = new List<string>();
        var body = new StringBuilder();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in notebook.Cells)
        {
            if (cell.Kind == "markdown")
            {
                body.Append('\n');
                foreach (var line in cell.Source.Replace("\r\n", "\n").TrimEnd().Split('\n')) body.Append("// ").Append(line).Append('\n');
                continue;
            }
            if (!cell.IsCode) continue;
            var tree = CSharpSyntaxTree.ParseText(cell.Source, new CSharpParseOptions(LanguageVersion.Preview, kind: SourceCodeKind.Script));
            var root = (CompilationUnitSyntax)tree.GetRoot();
            foreach (var u in root.Usings)
            {
                var text = u.WithoutTrivia().ToFullString();
                if (!usings.Contains(text)) usings.Add(text);
            }
            var members = root.Members.ToList();
            // Names this cell declares at top level that an earlier cell declared too: renamed from the end of the new
            // declaration on (its own initializer, and anything before it in the cell, still reads the old variable).
            var before = new Dictionary<string, string>(renames, StringComparer.Ordinal);
            var starts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (n, end) in members.SelectMany(TopLevelNames))
            {
                if (declared.Add(n) && !renames.ContainsKey(n)) continue;
                var count = 2;
                while (declared.Contains($"{n}_{count}")) count++;
                renames[n] = $"{n}_{count}";
                declared.Add(renames[n]);
                starts[n] = end;
            }
            body.Append(FormattableString.Invariant($"\n// ── cell {cell.Number} ──\n"));
            for (var i = 0; i < members.Count; i++)
            {
                var member = (MemberDeclarationSyntax)new Renamer(renames, before, starts).Visit(members[i]);
                var trailing = i == members.Count - 1 && member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } };
                if (trailing)
                {
                    var expression = ((ExpressionStatementSyntax)((GlobalStatementSyntax)member).Statement).Expression;
                    // A cell ending in display(x) without a semicolon shows x once (the kernel does not show display's handle).
                    var shown = expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "display" } }
                        ? expression.WithoutTrivia().ToFullString()
                        : $"display({expression.WithoutTrivia().ToFullString()})";
                    body.Append(Leading(member)).Append(shown).Append(";\n");
                }
                else body.Append(member.ToFullString().TrimEnd('\r', '\n')).Append('\n');
            }
        }
        var header = new StringBuilder();
        header.Append($"""
            // {name}: the notebook {notebookFolder}/{name}.ipynb as a .NET 10 file-based app, written by `mm export` — do not edit,
            // export again. Run from anywhere:  dotnet run {name}.cs   (MULTIMODAL_PROFILE=quick for the short budgets)
            // Its pictures, sounds and charts are written to the folder {name}/ beside this file; its metrics are printed at the end.
            #:project {libraryProject}
            #:property TreatWarningsAsErrors=false
            #:property Nullable=disable
            #:property NoWarn=$(NoWarn);CS1701;CS1702;CS8321;CS0168;CS0219
            #:property PublishAot=false
            // Built for this machine's runtime only: TorchSharp-cpu carries libtorch for every platform (1 GB an app otherwise).
            #:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
            #:property SelfContained=false

            """);
        foreach (var u in usings) header.Append(u).Append('\n');
        return header + $$"""

            MultiModal.Display.FileDisplay.Install(Path.Combine(Path.GetDirectoryName(Here())!, "{{name}}"));
            Directory.SetCurrentDirectory(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Here())!, "{{notebookFolder}}"))); // as in a kernel: the notebook's folder
            """ + "\n" + body + """

            // ── end of the notebook ──
            Console.WriteLine(MultiModal.Course.MetricsSummary());

            // What a notebook cell's display() and last value do: here, FileDisplay writes files or prints.
            static void display(object value) => MultiModal.Display.FileDisplay.Show(value);
            static string Here([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

            """;
    }

    private static string Leading(SyntaxNode node) => node.GetLeadingTrivia().ToFullString();

    // Variables and functions a cell declares at its top level, with where each declaration ends.
    private static IEnumerable<(string Name, int End)> TopLevelNames(MemberDeclarationSyntax member) => member switch
    {
        GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax d } => d.Declaration.Variables.Select(v => (v.Identifier.ValueText, v.Span.End)),
        GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax f } => [(f.Identifier.ValueText, f.Identifier.Span.End)],
        FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => (v.Identifier.ValueText, v.Span.End)),
        MethodDeclarationSyntax m => [(m.Identifier.ValueText, m.Identifier.Span.End)],
        _ => [],
    };

    // Also drops the script-only directives (#r, #load): the app gets the library by its project reference.
    private sealed class Renamer(IReadOnlyDictionary<string, string> renames, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, int> starts) : CSharpSyntaxRewriter
    {
        public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia) =>
            trivia.IsKind(SyntaxKind.ReferenceDirectiveTrivia) || trivia.IsKind(SyntaxKind.LoadDirectiveTrivia) ? default : base.VisitTrivia(trivia);

        // The name a use at this position refers to: before the cell's new declaration the earlier one.
        private string? Target(string name, int position) =>
            starts.TryGetValue(name, out var end) && position < end ? before.GetValueOrDefault(name) : renames.GetValueOrDefault(name);

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (Target(node.Identifier.ValueText, node.SpanStart) is not { } to) return node;
            if (node.Parent is MemberAccessExpressionSyntax ma && ma.Name == node) return node;
            if (node.Parent is NameColonSyntax or NameEqualsSyntax) return node;
            return node.WithIdentifier(SyntaxFactory.Identifier(node.Identifier.LeadingTrivia, to, node.Identifier.TrailingTrivia));
        }

        public override SyntaxNode? VisitVariableDeclarator(VariableDeclaratorSyntax node)
        {
            var visited = (VariableDeclaratorSyntax)base.VisitVariableDeclarator(node)!;
            return IsTopLevel(node) && Target(node.Identifier.ValueText, node.Span.End) is { } to
                ? visited.WithIdentifier(SyntaxFactory.Identifier(node.Identifier.LeadingTrivia, to, node.Identifier.TrailingTrivia))
                : visited;
        }

        private static bool IsTopLevel(SyntaxNode node) =>
            node.Ancestors().FirstOrDefault(a => a is GlobalStatementSyntax or FieldDeclarationSyntax or BlockSyntax or LambdaExpressionSyntax) is GlobalStatementSyntax or FieldDeclarationSyntax;
    }
}
