using System.Text;

namespace MultiModal.CourseTool.Site;

/// <summary>
/// Typesets the small formulas of the course's Markdown (<c>$s_t = \mathrm{softmax}(e_t)$</c>) as HTML text with
/// sub- and superscripts and Unicode symbols, so the offline site needs no MathJax (which would come from a CDN).
/// It covers what the notebooks write: Greek letters, operators, <c>\mathrm</c>/<c>\text</c>, <c>\frac</c>,
/// <c>\sqrt</c>, accents, sizing commands; an unknown command is shown by its name, never dropped.
/// The input is already HTML-escaped (as Markdig hands it over); entities pass through whole.
/// </summary>
public static class TexText
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["varepsilon"] = "ε", ["zeta"] = "ζ",
        ["eta"] = "η", ["theta"] = "θ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν", ["xi"] = "ξ",
        ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["phi"] = "φ", ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ",
        ["omega"] = "ω", ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Sigma"] = "Σ", ["Phi"] = "Φ",
        ["Psi"] = "Ψ", ["Omega"] = "Ω",
        ["sum"] = "∑", ["prod"] = "∏", ["int"] = "∫", ["top"] = "⊤", ["cdot"] = "·", ["times"] = "×", ["odot"] = "⊙",
        ["otimes"] = "⊗", ["oplus"] = "⊕", ["in"] = "∈", ["notin"] = "∉", ["to"] = "→", ["rightarrow"] = "→", ["leftarrow"] = "←",
        ["mapsto"] = "↦", ["Rightarrow"] = "⇒", ["le"] = "≤", ["leq"] = "≤", ["ge"] = "≥", ["geq"] = "≥", ["ne"] = "≠", ["neq"] = "≠",
        ["approx"] = "≈", ["sim"] = "∼", ["propto"] = "∝", ["equiv"] = "≡", ["partial"] = "∂", ["nabla"] = "∇", ["infty"] = "∞",
        ["pm"] = "±", ["ldots"] = "…", ["dots"] = "…", ["cdots"] = "⋯", ["forall"] = "∀", ["exists"] = "∃", ["cup"] = "∪", ["cap"] = "∩",
        ["subset"] = "⊂", ["emptyset"] = "∅", ["mid"] = "∣", ["langle"] = "⟨", ["rangle"] = "⟩", ["lVert"] = "‖", ["rVert"] = "‖",
        ["|"] = "‖", ["log"] = "log", ["exp"] = "exp", ["tanh"] = "tanh", ["sin"] = "sin", ["cos"] = "cos", ["max"] = "max",
        ["min"] = "min", ["arg"] = "arg", ["argmax"] = "argmax", ["softmax"] = "softmax", ["det"] = "det", ["tr"] = "tr",
        ["quad"] = "\u2003", ["qquad"] = "\u2003\u2003", [","] = "\u2009", [";"] = "\u2005", [":"] = "\u2005", ["!"] = "", [" "] = " ",
        ["{"] = "{", ["}"] = "}", ["_"] = "_", ["%"] = "%", ["#"] = "#", ["&"] = "&amp;",
    };

    private static readonly HashSet<string> Sizing = ["big", "Big", "bigg", "Bigg", "left", "right", "displaystyle", "limits"];

    private static readonly Dictionary<string, char> Accents = new(StringComparer.Ordinal)
    {
        ["hat"] = '\u0302', ["widehat"] = '\u0302', ["tilde"] = '\u0303', ["bar"] = '\u0304', ["overline"] = '\u0305', ["vec"] = '\u20D7', ["dot"] = '\u0307',
    };

    /// <summary>The formula as HTML (no surrounding element).</summary>
    public static string ToHtml(string tex)
    {
        ArgumentNullException.ThrowIfNull(tex);
        var i = 0;
        return Sequence(tex, ref i, untilBrace: false);
    }

    private static string Sequence(string s, ref int i, bool untilBrace)
    {
        var sb = new StringBuilder();
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '}' && untilBrace)
            {
                i++;
                break;
            }
            sb.Append(Token(s, ref i));
        }
        return sb.ToString();
    }

    // One token: a group, a script, a command, an entity or a character.
    private static string Token(string s, ref int i)
    {
        var c = s[i];
        switch (c)
        {
            case '{':
                i++;
                return Sequence(s, ref i, untilBrace: true);
            case '}':
                i++;
                return "";
            case '_' or '^':
                i++;
                var script = Argument(s, ref i);
                return c == '_' ? $"<sub>{script}</sub>" : $"<sup>{script}</sup>";
            case '&':
                var entity = System.Text.RegularExpressions.Regex.Match(s[i..], "^&[A-Za-z0-9#]{1,8};");
                i += entity.Success ? entity.Length : 1;
                return entity.Success ? entity.Value : "&amp;";
            case '\\':
                return Command(s, ref i);
            default:
                i++;
                return char.IsLetter(c) ? $"<i>{c}</i>" : c.ToString();
        }
    }

    private static string Argument(string s, ref int i)
    {
        while (i < s.Length && s[i] == ' ') i++;
        return i < s.Length ? Token(s, ref i) : "";
    }

    private static string Command(string s, ref int i)
    {
        i++; // the backslash
        if (i >= s.Length) return "\\";
        var start = i;
        if (char.IsLetter(s[i])) while (i < s.Length && char.IsLetter(s[i])) i++;
        else i++;
        var name = s[start..i];
        if (Sizing.Contains(name)) return "";
        if (name is "mathrm" or "text" or "operatorname" or "textrm" or "mathit") return Upright(Argument(s, ref i));
        if (name is "mathbf" or "boldsymbol" or "textbf") return $"<b>{Upright(Argument(s, ref i))}</b>";
        if (name is "mathbb") return Argument(s, ref i) switch { "<i>R</i>" => "ℝ", "<i>N</i>" => "ℕ", "<i>E</i>" => "𝔼", var x => x };
        if (name == "frac")
        {
            var numerator = Argument(s, ref i);
            var denominator = Argument(s, ref i);
            return $"({numerator})/({denominator})";
        }
        if (name == "sqrt") return $"√({Argument(s, ref i)})";
        if (Accents.TryGetValue(name, out var accent)) return Argument(s, ref i) + accent;
        if (Symbols.TryGetValue(name, out var symbol)) return symbol;
        return name; // unknown: its name, visible
    }

    // Text inside \mathrm{…} is upright: drop the italics the letters got.
    private static string Upright(string html) => html.Replace("<i>", "", StringComparison.Ordinal).Replace("</i>", "", StringComparison.Ordinal);
}
