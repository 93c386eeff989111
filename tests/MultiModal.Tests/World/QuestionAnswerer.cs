using System.Text.RegularExpressions;
using MultiModal.World;

namespace MultiModal.Tests.World;

/// <summary>
/// Answers the world's questions from the scene's ground truth with its own code (regular expressions and
/// direct geometry), independent of <see cref="QuestionGenerator"/>.
/// </summary>
internal static class QuestionAnswerer
{
    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"];
    private const string Ref = @"the (?:(small|large) )?(?:(red|orange|yellow|green|blue|purple|white) )?(circle|square|triangle|diamond|cross|object)";

    private static string W(Enum e) => e.ToString().ToLowerInvariant();

    /// <summary>The answer, or throws <see cref="InvalidOperationException"/> when the question is ambiguous or malformed.</summary>
    public static string Answer(string question, Scene scene, int margin)
    {
        var objs = scene.Objects;
        Match m;
        if ((m = Regex.Match(question, $"^what shape is {Ref} \\?$")).Success) { NoGiveaway(m, shape: true); return W(Resolve(m, 1, objs).Shape); }
        if ((m = Regex.Match(question, $"^what colour is {Ref} \\?$")).Success) { NoGiveaway(m, color: true); return W(Resolve(m, 1, objs).Color); }
        if ((m = Regex.Match(question, $"^what size is {Ref} \\?$")).Success) { NoGiveaway(m, size: true); return W(Resolve(m, 1, objs).Size); }
        if ((m = Regex.Match(question, $"^is {Ref} on the left or the right \\?$")).Success)
        {
            var o = Resolve(m, 1, objs);
            var centre = scene.ImageSize / 2.0;
            if (Math.Abs(o.X - centre) < margin) throw new InvalidOperationException("object too close to the centre line");
            return o.X < centre ? "left" : "right";
        }
        if ((m = Regex.Match(question, @"^how many (red|orange|yellow|green|blue|purple|white) objects are there \?$")).Success)
            return Numbers[objs.Count(o => W(o.Color) == m.Groups[1].Value)];
        if ((m = Regex.Match(question, @"^how many (circles|squares|triangles|diamonds|crosses) are there \?$")).Success)
        {
            var shape = m.Groups[1].Value == "crosses" ? "cross" : m.Groups[1].Value.TrimEnd('s');
            return Numbers[objs.Count(o => W(o.Shape) == shape)];
        }
        if (question == "where is this ?")
            return scene.Place == Place.Plain ? throw new InvalidOperationException("plain scenes have no place") : W(scene.Place);
        if ((m = Regex.Match(question, $"^what shape is closest to {Ref} \\?$")).Success)
        {
            var o = Resolve(m, 1, objs);
            var d = objs.Where(p => p != o).Select(p => (p, dist: Dist(o, p))).OrderBy(t => t.dist).ToList();
            if (d.Count > 1 && d[1].dist - d[0].dist < margin) throw new InvalidOperationException("near tie for closest");
            return W(d[0].p.Shape);
        }
        if ((m = Regex.Match(question, $"^what colour is the object furthest from {Ref} \\?$")).Success)
        {
            var o = Resolve(m, 1, objs);
            var d = objs.Where(p => p != o).Select(p => (p, dist: Dist(o, p))).OrderByDescending(t => t.dist).ToList();
            if (d.Count > 1 && d[0].dist - d[1].dist < margin) throw new InvalidOperationException("near tie for furthest");
            return W(d[0].p.Color);
        }
        if ((m = Regex.Match(question, $"^how many other objects have the same shape as {Ref} \\?$")).Success)
        {
            var o = Resolve(m, 1, objs);
            return Numbers[objs.Count(p => p != o && p.Shape == o.Shape)];
        }
        if ((m = Regex.Match(question, $"^is {Ref} left of {Ref} \\?$")).Success)
        {
            var a = Resolve(m, 1, objs);
            var b = Resolve(m, 4, objs);
            if (a == b) throw new InvalidOperationException("compares an object with itself");
            if (Math.Abs(a.X - b.X) < margin) throw new InvalidOperationException("too close to call");
            return a.X < b.X ? "yes" : "no";
        }
        throw new InvalidOperationException($"unknown question form: '{question}'");
    }

    private static double Dist(SceneObject a, SceneObject b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    private static void NoGiveaway(Match m, bool shape = false, bool color = false, bool size = false)
    {
        if (shape && m.Groups[3].Value != "object") throw new InvalidOperationException("a shape question names the shape");
        if (color && m.Groups[2].Success) throw new InvalidOperationException("a colour question names the colour");
        if (size && m.Groups[1].Success) throw new InvalidOperationException("a size question names the size");
    }

    private static SceneObject Resolve(Match m, int group, IReadOnlyList<SceneObject> objs)
    {
        string? size = m.Groups[group].Success ? m.Groups[group].Value : null;
        string? color = m.Groups[group + 1].Success ? m.Groups[group + 1].Value : null;
        string? shape = m.Groups[group + 2].Value == "object" ? null : m.Groups[group + 2].Value;
        var found = objs.Where(o => (size is null || W(o.Size) == size) && (color is null || W(o.Color) == color) && (shape is null || W(o.Shape) == shape)).ToList();
        if (found.Count != 1) throw new InvalidOperationException($"reference matches {found.Count} objects");
        return found[0];
    }
}
