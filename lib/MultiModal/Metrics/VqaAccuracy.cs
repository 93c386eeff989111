using System.Text;
using System.Text.RegularExpressions;

namespace MultiModal.Metrics;

/// <summary>
/// The official VQA accuracy (Antol et al. 2015, §2; the evaluation code of visualqa.org): every question has ten
/// human answers, and an answer is "100 % right if at least three people gave it":
/// <code>
/// Acc(a) = min(#humans that said a / 3, 1)
/// </code>
/// averaged over the ten ways of leaving one of the ten humans out (so the other nine are the reference each time), which
/// makes 1, 2, 3 and 4+ matching humans worth 0.3, 0.6, 0.9 and 1.0. Before comparing, answers are <b>normalised</b> the
/// way the official code does (<see cref="Normalize"/>): lower case, punctuation removed or turned into spaces, number
/// words into digits ("two" → "2"), articles dropped ("a", "an", "the"), common contractions given their apostrophe
/// ("dont" → "don't"). Deviation: the official code normalises the human answers only when they disagree; we always do,
/// which can only merge spellings of the same answer.
/// </summary>
public static class VqaAccuracy
{
    private static readonly string[] Punctuation = [";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!"];
    private static readonly Regex CommaBetweenDigits = new(@"(\d)(,)(\d)", RegexOptions.Compiled);
    private static readonly Regex PeriodNotInNumber = new(@"(?<!\d)(\.)(?!\d)", RegexOptions.Compiled);
    private static readonly HashSet<string> Articles = ["a", "an", "the"];
    private static readonly Dictionary<string, string> NumberWords = new()
    {
        ["none"] = "0", ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5",
        ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10",
    };
    private static readonly Dictionary<string, string> Contractions = new()
    {
        ["arent"] = "aren't", ["cant"] = "can't", ["couldnt"] = "couldn't", ["didnt"] = "didn't", ["doesnt"] = "doesn't",
        ["dont"] = "don't", ["hasnt"] = "hasn't", ["havent"] = "haven't", ["isnt"] = "isn't", ["its"] = "it's",
        ["shouldnt"] = "shouldn't", ["wasnt"] = "wasn't", ["werent"] = "weren't", ["wont"] = "won't", ["wouldnt"] = "wouldn't",
        ["youre"] = "you're", ["theyre"] = "they're", ["whats"] = "what's", ["thats"] = "that's", ["im"] = "i'm",
    };

    /// <summary>The number of human answers the formula expects per question.</summary>
    public const int HumansPerQuestion = 10;

    /// <summary>
    /// The accuracy of one predicted answer against the ten human answers of its question, in [0, 1].
    /// </summary>
    /// <exception cref="ArgumentException">When there are not exactly <see cref="HumansPerQuestion"/> human answers.</exception>
    public static double Score(string predicted, IReadOnlyList<string> humanAnswers)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(humanAnswers);
        if (humanAnswers.Count != HumansPerQuestion)
            throw new ArgumentException($"the VQA accuracy needs {HumansPerQuestion} human answers per question, got {humanAnswers.Count}.", nameof(humanAnswers));
        if (humanAnswers.Any(a => a is null)) throw new ArgumentException("a human answer is null.", nameof(humanAnswers));
        var answer = Normalize(predicted);
        var humans = humanAnswers.Select(Normalize).ToArray();
        var total = 0.0;
        for (var left = 0; left < humans.Length; left++)
        {
            var matching = 0;
            for (var j = 0; j < humans.Length; j++)
                if (j != left && humans[j] == answer) matching++;
            total += Math.Min(matching / 3.0, 1.0);                       // min(#humans that said it / 3, 1) among the other nine
        }
        return total / humans.Length;
    }

    /// <summary>The mean <see cref="Score"/> over questions: one predicted answer and ten human answers each.</summary>
    public static double Mean(IReadOnlyList<string> predicted, IReadOnlyList<IReadOnlyList<string>> humanAnswers)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(humanAnswers);
        if (predicted.Count != humanAnswers.Count)
            throw new ArgumentException($"expected one predicted answer per question: {predicted.Count} answers for {humanAnswers.Count} questions.", nameof(predicted));
        if (predicted.Count == 0) throw new ArgumentException("no questions to score.", nameof(predicted));
        return predicted.Select((p, i) => Score(p, humanAnswers[i])).Average();
    }

    /// <summary>
    /// The official answer normalisation: "Two dogs." → "2 dogs", "the Red one" → "red 1", "dont know" → "don't know".
    /// </summary>
    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = answer.Replace('\n', ' ').Replace('\t', ' ').Trim().ToLowerInvariant();
        // Punctuation: removed where it touches a space (or the text has a comma between digits), else a space.
        var touching = CommaBetweenDigits.IsMatch(text);
        foreach (var p in Punctuation)
            text = (touching || text.Contains(p + " ", StringComparison.Ordinal) || text.Contains(" " + p, StringComparison.Ordinal))
                ? text.Replace(p, "", StringComparison.Ordinal)
                : text.Replace(p, " ", StringComparison.Ordinal);
        text = PeriodNotInNumber.Replace(text, "");
        var words = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = NumberWords.TryGetValue(word, out var digit) ? digit : word;
            if (Articles.Contains(w)) continue;
            if (Contractions.TryGetValue(w, out var full)) w = full;
            if (words.Length > 0) words.Append(' ');
            words.Append(w);
        }
        return words.ToString();
    }
}
