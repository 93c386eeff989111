using MultiModal.World;

namespace MultiModal.Tests.World;

/// <summary>
/// An independent reader of the caption grammar documented on <see cref="CaptionGrammar"/>: it parses a caption
/// word by word and decides from the scene's object list whether it is true. It shares no code with the
/// generator (only the attribute words, which are data).
/// </summary>
internal static class CaptionChecker
{
    private static readonly string[] Numbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"];
    private static readonly Dictionary<string, string> PluralToShape = new()
    {
        ["circles"] = "circle", ["squares"] = "square", ["triangles"] = "triangle", ["diamonds"] = "diamond", ["crosses"] = "cross",
    };
    private static readonly HashSet<string> ShapeWords = ["circle", "square", "triangle", "diamond", "cross"];
    private static readonly HashSet<string> ColorWords = ["red", "orange", "yellow", "green", "blue", "purple", "white"];
    private static readonly HashSet<string> SizeWords = ["small", "large"];
    private static readonly HashSet<string> PlaceWords = ["grass", "sand", "road", "water"];

    private sealed record Np(string? Size, string? Color, string? Shape);

    /// <summary>Null when the caption is true of the scene; otherwise why it is not (or why it does not parse).</summary>
    public static string? Check(string caption, Scene scene, int margin)
    {
        var w = caption.Split(' ');
        if (w.Any(string.IsNullOrEmpty)) return "double space";
        try
        {
            // Counting captions.
            if (w.Length >= 3 && w[0] == "there" && (w[1] == "is" || w[1] == "are") && Numbers.Contains(w[2]))
                return CheckCount(w, scene);
            if (Numbers.Contains(w[0]) && w.Length == 5 && (w[1] == "object" || w[1] == "objects") && w[2] == "on" && w[3] == "the")
            {
                var n = Array.IndexOf(Numbers, w[0]);
                if (n == 0) return "\"no objects on\" is not in the grammar";
                if ((n == 1) != (w[1] == "object")) return "number agreement";
                if (scene.Objects.Count != n) return $"says {n} objects, scene has {scene.Objects.Count}";
                return PlaceIs(w[4], scene);
            }
            // Relations.
            var relAt = -1;
            string? rel = null;
            for (var i = 0; i < w.Length; i++)
            {
                if (i + 1 < w.Length && (w[i] == "left" || w[i] == "right") && w[i + 1] == "of") { relAt = i; rel = w[i] + " of"; break; }
                if (w[i] == "above" || w[i] == "below") { relAt = i; rel = w[i]; break; }
            }
            if (rel is not null)
            {
                var start = 0;
                var left = w[..relAt].ToList();
                if (left.Count >= 2 && left[0] == "there" && left[1] == "is") { left.RemoveRange(0, 2); start = 1; }
                else if (left.Count > 0 && left[^1] == "is") left.RemoveAt(left.Count - 1);
                else return "relation without 'is'";
                _ = start;
                var right = w[(relAt + rel.Split(' ').Length)..];
                var a = ParseNp(left);
                var b = ParseNp(right);
                foreach (var x in scene.Objects.Where(o => Matches(o, a)))
                    foreach (var y in scene.Objects.Where(o => o != x && Matches(o, b)))
                        if (Holds(x, rel, y, margin)) return null;
                return $"no pair satisfies '{rel}' with margin {margin}";
            }
            // Lists, optionally ending in "on the PLACE".
            var words = w.ToList();
            string? placeError = null;
            if (words.Count >= 3 && words[^3] == "on" && words[^2] == "the")
            {
                placeError = PlaceIs(words[^1], scene);
                words.RemoveRange(words.Count - 3, 3);
            }
            if (placeError is not null) return placeError;
            var nps = Split(words, "and").Select(ParseNp).ToList();
            return AssignDistinct(nps, scene.Objects.ToList()) ? null : "no distinct objects match the listed noun phrases";
        }
        catch (FormatException e)
        {
            return "does not parse: " + e.Message;
        }
    }

    private static string? CheckCount(string[] w, Scene scene)
    {
        var n = Array.IndexOf(Numbers, w[2]);
        if (n == 1 && w[1] != "is") return "'one' needs 'is'";
        if (n != 1 && w[1] != "are") return "plural count needs 'are'";
        var rest = w[3..];
        if (rest.Length == 0) return "count without a head noun";
        var head = rest[^1];
        string? shape;
        if (head is "object" or "objects") shape = null;
        else if (ShapeWords.Contains(head)) shape = head;
        else if (PluralToShape.TryGetValue(head, out var s)) shape = s;
        else return $"unknown head '{head}'";
        var plural = head == "objects" || PluralToShape.ContainsKey(head);
        if (plural == (n == 1)) return "number agreement";
        string? size = null, color = null;
        var adjectives = rest[..^1].ToList();
        if (adjectives.Count > 0 && SizeWords.Contains(adjectives[0])) { size = adjectives[0]; adjectives.RemoveAt(0); }
        if (adjectives.Count > 0 && ColorWords.Contains(adjectives[0])) { color = adjectives[0]; adjectives.RemoveAt(0); }
        if (adjectives.Count > 0) return $"unexpected words '{string.Join(' ', adjectives)}'";
        var actual = scene.Objects.Count(o => Matches(o, new Np(size, color, shape)));
        return actual == n ? null : $"says {n}, scene has {actual}";
    }

    private static string? PlaceIs(string word, Scene scene) =>
        !PlaceWords.Contains(word) ? $"unknown place '{word}'"
        : scene.Place.ToString().ToLowerInvariant() == word ? null : $"place is {scene.Place}, caption says {word}";

    private static Np ParseNp(IReadOnlyList<string> words)
    {
        if (words.Count < 2) throw new FormatException($"noun phrase too short: '{string.Join(' ', words)}'");
        if (words[0] is not ("a" or "an")) throw new FormatException($"noun phrase must start with a/an: '{string.Join(' ', words)}'");
        var expected = "aeiou".Contains(words[1][0]) ? "an" : "a";
        if (words[0] != expected) throw new FormatException($"article '{words[0]}' before '{words[1]}'");
        var i = 1;
        string? size = null, color = null, shape;
        if (SizeWords.Contains(words[i])) size = words[i++];
        if (i < words.Count && ColorWords.Contains(words[i])) color = words[i++];
        if (i != words.Count - 1) throw new FormatException($"noun phrase '{string.Join(' ', words)}' has extra words");
        if (words[i] == "object") shape = null;
        else if (ShapeWords.Contains(words[i])) shape = words[i];
        else throw new FormatException($"unknown head '{words[i]}'");
        if (size is null && color is null && shape is null) throw new FormatException("'an object' says nothing");
        return new Np(size, color, shape);
    }

    private static bool Matches(SceneObject o, Np np) =>
        (np.Size is null || o.Size.ToString().ToLowerInvariant() == np.Size)
        && (np.Color is null || o.Color.ToString().ToLowerInvariant() == np.Color)
        && (np.Shape is null || o.Shape.ToString().ToLowerInvariant() == np.Shape);

    private static bool Holds(SceneObject a, string rel, SceneObject b, int margin) => rel switch
    {
        "left of" => b.X - a.X >= margin,
        "right of" => a.X - b.X >= margin,
        "above" => b.Y - a.Y >= margin,   // y grows downwards
        "below" => a.Y - b.Y >= margin,
        _ => false,
    };

    private static bool AssignDistinct(List<Np> nps, List<SceneObject> objects)
    {
        if (nps.Count == 0) return true;
        var first = nps[0];
        foreach (var o in objects.Where(o => Matches(o, first)))
        {
            var rest = objects.Where(x => x != o).ToList();
            if (AssignDistinct(nps.Skip(1).ToList(), rest)) return true;
        }
        return false;
    }

    private static List<List<string>> Split(List<string> words, string separator)
    {
        var parts = new List<List<string>> { new() };
        foreach (var w in words)
            if (w == separator) parts.Add([]);
            else parts[^1].Add(w);
        return parts;
    }
}
