using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>
/// A Jupyter <c>.ipynb</c> document, read and written with System.Text.Json so that everything the runner
/// does not touch (metadata, Polyglot Notebooks kernel info, markdown) survives byte for byte in meaning.
/// </summary>
public sealed class NotebookFile
{
    private readonly JsonObject _root;

    private NotebookFile(JsonObject root, string path)
    {
        _root = root;
        Path = path;
        var cells = root["cells"] as JsonArray
                    ?? throw new NotebookFormatException(path, "it has no \"cells\" array; is it really a Jupyter notebook?");
        Cells = cells.Select((c, i) => c is JsonObject o
                ? new Cell(Checked(o, i + 1, path), i + 1)
                : throw new NotebookFormatException(path, $"cell {i + 1} is not a JSON object"))
            .ToList();
    }

    /// <summary>A cell's fields have the types nbformat gives them, or the notebook is rejected naming the cell and the field.</summary>
    private static JsonObject Checked(JsonObject cell, int number, string path)
    {
        string Found(JsonNode? n) => n?.GetValueKind().ToString().ToLowerInvariant() ?? "null";
        NotebookFormatException Wrong(string field, string expected, JsonNode? n) =>
            new(path, $"cell {number}: \"{field}\" must be {expected}, but it is {Found(n)}; the file was damaged or not written by a notebook editor");
        bool IsString(JsonNode? n) => n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String;
        if (cell["cell_type"] is { } kind && !IsString(kind)) throw Wrong("cell_type", "a string (code, markdown or raw)", kind);
        if (cell["id"] is { } id && !IsString(id)) throw Wrong("id", "a string", id);
        if (cell["source"] is { } source && !IsString(source) && !(source is JsonArray lines && lines.All(IsString))) throw Wrong("source", "a string or a list of strings", source);
        if (cell["metadata"] is { } metadata && metadata is not JsonObject) throw Wrong("metadata", "an object", metadata);
        if (cell["outputs"] is { } outputs && outputs is not JsonArray) throw Wrong("outputs", "a list", outputs);
        if (cell["execution_count"] is { } count && !(count is JsonValue c && c.TryGetValue<int>(out _))) throw Wrong("execution_count", "null or a whole number", count);
        foreach (var meta in new[] { "polyglot_notebook", "dotnet_interactive" })
            if (cell["metadata"]?[meta] is JsonObject m && m[meta == "polyglot_notebook" ? "kernelName" : "language"] is { } lang && !IsString(lang))
                throw Wrong($"metadata.{meta}", "an object naming the kernel with a string", lang);
        return cell;
    }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The cells, numbered from 1 in file order (markdown included).</summary>
    public IReadOnlyList<Cell> Cells { get; }

    /// <summary>The code cells, in order.</summary>
    public IEnumerable<Cell> CodeCells => Cells.Where(c => c.IsCode);

    /// <summary>Reads a notebook, with messages that say which file and what is wrong.</summary>
    public static NotebookFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses notebook JSON.</summary>
    public static NotebookFile Parse(string json, string path = "<notebook>")
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new NotebookFormatException(path, $"it is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
        }
        return new NotebookFile(node as JsonObject ?? throw new NotebookFormatException(path, "the top level is not a JSON object"), path);
    }

    /// <summary>The notebook as .ipynb JSON (indented, one space, like Jupyter).</summary>
    public string ToJson() => _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>Writes the notebook, creating the folder if needed.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson());
    }

    /// <summary>A deep copy (outputs and all).</summary>
    public NotebookFile Clone() => new((JsonObject)_root.DeepClone(), Path);

    /// <summary>A copy of this notebook (its metadata) holding copies of <paramref name="cells"/>, from this or another notebook, in that order.</summary>
    public NotebookFile WithCells(IEnumerable<Cell> cells, string? path = null)
    {
        var root = (JsonObject)_root.DeepClone();
        root["cells"] = new JsonArray(cells.Select(c => (JsonNode)c.Node.DeepClone()).ToArray());
        return new NotebookFile(root, path ?? Path);
    }

    /// <summary>Creates a notebook from cells (markdown text or C# code), with Polyglot Notebooks and Jupyter .NET metadata.</summary>
    public static NotebookFile Create(IEnumerable<(string Kind, string Source)> cells, string path = "<new>")
    {
        var array = new JsonArray();
        foreach (var (kind, source) in cells)
        {
            // nbformat 4.5 cells carry an id; derived from the path and position, so a regenerated notebook keeps its ids.
            var id = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"{System.IO.Path.GetFileName(path)}:{array.Count}")))[..12].ToLowerInvariant();
            var cell = new JsonObject { ["id"] = id, ["cell_type"] = kind, ["metadata"] = new JsonObject(), ["source"] = SourceArray(source) };
            if (kind == "code")
            {
                cell["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" }, ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } };
                cell["execution_count"] = null;
                cell["outputs"] = new JsonArray();
            }
            array.Add(cell);
        }
        var root = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook", ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["pygments_lexer"] = "csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp", ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }) } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return new NotebookFile(root, path);
    }

    /// <summary>
    /// A multiline string field of a notebook (<c>source</c>, an output's <c>text</c> or a MIME value) as one string:
    /// the lines of an array joined, a plain string as is, anything else empty. The inverse of <see cref="SourceArray"/>.
    /// </summary>
    internal static string MultilineText(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>() ?? "")),
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => "",
    };

    internal static JsonArray SourceArray(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var arr = new JsonArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var last = i == lines.Length - 1;
            if (last && lines[i].Length == 0) break;
            arr.Add(last ? lines[i] : lines[i] + "\n");
        }
        return arr;
    }

    /// <summary>One cell of a notebook.</summary>
    public sealed class Cell
    {
        internal Cell(JsonObject node, int number)
        {
            Node = node;
            Number = number;
        }

        internal JsonObject Node { get; }

        /// <summary>1-based position among all cells.</summary>
        public int Number { get; }

        /// <summary>The nbformat 4.5 cell id (null when the notebook has none, or it is not a string).</summary>
        public string? Id
        {
            get => Node["id"] is JsonValue v && v.TryGetValue(out string? id) ? id : null;
            set => Node["id"] = value;
        }

        /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
        public string Kind => Node["cell_type"]?.GetValue<string>() ?? "raw";

        /// <summary>True for code cells.</summary>
        public bool IsCode => Kind == "code";

        /// <summary>The kernel a code cell targets (Polyglot metadata; default <c>csharp</c>).</summary>
        public string Language =>
            Node["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
            ?? Node["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
            ?? "csharp";

        /// <summary>The cell's source text.</summary>
        public string Source
        {
            get => Node["source"] switch
            {
                JsonArray a => string.Concat(a.Select(l => l?.GetValue<string>() ?? "")),
                JsonValue v => v.GetValue<string>(),
                _ => "",
            };
            set => Node["source"] = SourceArray(value);
        }

        /// <summary>The execution count of a code cell (null when not executed).</summary>
        public int? ExecutionCount => Node["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

        /// <summary>Replaces the outputs (code cells only).</summary>
        public void SetOutputs(IEnumerable<JsonObject> outputs, int? executionCount)
        {
            Node["outputs"] = new JsonArray(outputs.Select(JsonNode (o) => o).ToArray());
            Node["execution_count"] = executionCount;
        }

        /// <summary>The outputs of a code cell.</summary>
        public IEnumerable<JsonObject> Outputs => (Node["outputs"] as JsonArray)?.OfType<JsonObject>() ?? [];

        /// <summary>Removes outputs and the execution count.</summary>
        public void ClearOutputs()
        {
            if (!IsCode) return;
            Node["outputs"] = new JsonArray();
            Node["execution_count"] = null;
        }

        /// <summary>Cell metadata (created when missing).</summary>
        public JsonObject Metadata => Node["metadata"] as JsonObject ?? (JsonObject)(Node["metadata"] = new JsonObject());
    }
}

/// <summary>A notebook file that cannot be read as a Jupyter notebook.</summary>
public sealed class NotebookFormatException(string path, string problem)
    : Exception($"Cannot read notebook '{path}': {problem}")
{
    /// <summary>The offending file.</summary>
    public string NotebookPath { get; } = path;
}
