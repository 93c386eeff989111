using MultiModal.Metrics;
using MultiModal.Models.Encoders;
using MultiModal.Models.Losses;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Recipes;

/// <summary>
/// im2recipe (Salvador et al. 2017, lecture §2.1.2): a recipe is ordered text, so each part gets its own recurrent
/// encoder — the ingredient list a <b>bidirectional</b> LSTM, the instructions an LSTM — and the two final states,
/// concatenated, are projected to the recipe vector; the dish picture goes through the (frozen, pooled) CNN and an MLP
/// to a vector of the same size. Both are L2-normalised.
/// <code>
/// g(recipe) = normalize(W_r [BiLSTM(ingredients); LSTM(instructions)])
/// f(image)  = normalize(MLP(mean over the grid of CNN(image)))
/// L = mean over pairs of { 1 − cos(f, g) matched; max(0, cos(f, g) − margin) mismatched }      (CosineEmbeddingLoss)
///   + λ · [CE(W_c f, category) + CE(W_c g, category)]                                          (SemanticRegularisation)
/// </code>
/// Words enter through the course's frozen word vectors. The paper encodes every instruction sentence with skip-thoughts
/// first and runs its LSTM over sentence vectors; ours runs over the words of all steps, which the short steps of our
/// world allow.
/// </summary>
public sealed class RecipeEmbedding : nn.Module
{
    private readonly Tensor _words;                                             // (vocab, wordDim), frozen

    /// <summary>The bidirectional LSTM over the ingredient words.</summary>
    public LSTM Ingredients { get; }

    /// <summary>The LSTM over the instruction words.</summary>
    public LSTM Instructions { get; }

    /// <summary>W_r: [ingredients (2·hidden); instructions (hidden)] → joint space.</summary>
    public Linear RecipeHead { get; }

    /// <summary>The image head: pooled feature → joint space.</summary>
    public ProjectionHead ImageHead { get; }

    /// <summary>W_c: the category classifier shared by both embeddings (semantic regularisation).</summary>
    public Linear Classifier { get; }

    /// <summary>The sizes and losses this model was built with.</summary>
    public RecipeEmbeddingConfig Config { get; }

    /// <summary>Builds the model for images pooled to <paramref name="encoderDim"/> numbers and the given (frozen) word vectors.</summary>
    public RecipeEmbedding(int encoderDim, WordVectors words, RecipeEmbeddingConfig? config = null) : base(nameof(RecipeEmbedding))
    {
        ArgumentNullException.ThrowIfNull(words);
        if (encoderDim < 1) throw new ArgumentOutOfRangeException(nameof(encoderDim), encoderDim, "the image feature size must be positive.");
        Config = config ?? new RecipeEmbeddingConfig();
        Config.Validate();
        if (!ReferenceEquals(words.Vocabulary, Vocabulary.Text) && words.Vocabulary.Count != Vocabulary.Text.Count)
            throw new ArgumentException($"the word vectors must cover Vocabulary.Text ({Vocabulary.Text.Count} tokens), the recipes' vocabulary; got {words.Vocabulary.Count}.", nameof(words));
        _words = words.Vectors.detach().clone();
        var h = Config.HiddenDim;
        Ingredients = nn.LSTM(words.Dim, h, batchFirst: true, bidirectional: true);
        Instructions = nn.LSTM(words.Dim, h, batchFirst: true);
        RecipeHead = nn.Linear(3 * h, Config.EmbedDim);
        ImageHead = new ProjectionHead(encoderDim, 256, Config.EmbedDim);
        Classifier = nn.Linear(Config.EmbedDim, RecipeBook.Categories.Count);
        RegisterComponents();
    }

    /// <summary>f: pooled dish-picture features (batch, encoderDim) → unit vectors (batch, embedDim).</summary>
    public Tensor EmbedImages(Tensor pooled) => ImageHead.Embed(pooled, "pooled image features");   // (batch, embedDim)

    /// <summary>g: recipe texts (padded ids and lengths, <see cref="RecipeSet.Text"/>) → unit vectors (batch, embedDim).</summary>
    public Tensor EmbedRecipes(RecipeText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ingredients = Encode(Ingredients, text.Ingredients, text.IngredientLengths);   // (batch, 2·hidden)
        var instructions = Encode(Instructions, text.Instructions, text.InstructionLengths); // (batch, hidden)
        if (ingredients.shape[0] != instructions.shape[0])
            throw new ArgumentException($"one instruction sequence per ingredient list: {ingredients.shape[0]} and {instructions.shape[0]}.", nameof(text));
        return nn.functional.normalize(RecipeHead.forward(cat([ingredients, instructions], 1)), dim: 1); // (batch, embedDim)
    }

    // The final hidden state(s) of an LSTM over padded word ids, padding skipped (packed sequences): (batch, directions·hidden).
    private Tensor Encode(LSTM lstm, Tensor ids, Tensor lengths)
    {
        if (ids.dim() != 2 || lengths.dim() != 1 || lengths.shape[0] != ids.shape[0])
            throw new ArgumentException($"expected ids of shape [batch, length] and lengths of shape [batch], got {ids.ShapeText()} and {lengths.ShapeText()}.");
        if (lengths.min().item<long>() < 1) throw new ArgumentException("every sequence needs at least one token (an empty ingredient list or instruction text has no encoding).");
        var vectors = _words.index_select(0, ids.flatten()).reshape(ids.shape[0], ids.shape[1], -1); // (batch, length, wordDim)
        var packed = nn.utils.rnn.pack_padded_sequence(vectors, lengths.cpu(), batch_first: true, enforce_sorted: false);
        var (_, h, _) = lstm.call(packed);                                          // h: (directions, batch, hidden)
        return h.transpose(0, 1).reshape(ids.shape[0], -1);                         // (batch, directions·hidden)
    }

    /// <summary>
    /// The training loss of a batch of recipes <paramref name="rows"/> of <paramref name="set"/>: with
    /// <see cref="RecipeObjective.Ranking"/> the hinge triplet loss over the batch; with the paper's
    /// <see cref="RecipeObjective.CosineMargin"/> the cosine loss on the matched pairs and on <see cref="RecipeEmbeddingConfig.MismatchShare"/> of them re-paired with another recipe of the
    /// batch (drawn with <paramref name="rng"/>; <see cref="RecipeEmbeddingConfig.SameCategoryMismatches"/> of those from the
    /// same category), plus λ · semantic regularisation when <see cref="RecipeEmbeddingConfig.SemanticWeight"/> &gt; 0.
    /// Returns [].
    /// </summary>
    public Tensor Loss(RecipeSet set, IReadOnlyList<int> rows, Random rng)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rng);
        if (rows.Count < 2) throw new ArgumentException("a batch needs at least 2 recipes (mismatches pair a recipe with another one of the batch).", nameof(rows));
        var index = tensor(rows.Select(r => (long)r).ToArray());                    // (batch)
        var f = EmbedImages(set.Pooled.index_select(0, index));                     // (batch, embedDim)
        var g = EmbedRecipes(set.Text(rows));                                       // (batch, embedDim)
        var n = rows.Count;
        var categories = set.Categories(rows);                                      // (batch)
        Tensor loss;
        if (Config.Objective == RecipeObjective.Ranking)
        {
            var texts = rows.Select(r => set.TextKeys[r]).ToArray();
            var alsoMatching = tensor(texts.SelectMany(a => texts.Select(b => a == b)).ToArray(), [n, n]); // (batch, batch): identical recipes are no negatives
            loss = ContrastiveLoss.Loss(f, g, Config.Margin, NegativeSampling.All, alsoMatching);           // []
        }
        else loss = CosineLoss(f, g, rows, set, rng);                               // []
        if (Config.SemanticWeight == 0) return loss;
        return loss.Plus(SemanticRegularisation.Loss(Classifier.forward(f), Classifier.forward(g), categories) * Constant(Config.SemanticWeight)); // []
    }

    // im2recipe's pairs: every picture with its recipe, MismatchShare of them re-paired with another recipe of the batch.
    private Tensor CosineLoss(Tensor f, Tensor g, IReadOnlyList<int> rows, RecipeSet set, Random rng)
    {
        var n = rows.Count;
        var partner = new int[n];
        for (var i = 0; i < n; i++)
        {
            partner[i] = i;
            if (rng.NextDouble() >= Config.MismatchShare) continue;                  // stays matched
            var same = Enumerable.Range(0, n).Where(j => j != i && set.Recipes[rows[j]].Category == set.Recipes[rows[i]].Category).ToArray();
            partner[i] = same.Length > 0 && rng.NextDouble() < Config.SameCategoryMismatches ? same[rng.Next(same.Length)] : (i + 1 + rng.Next(n - 1)) % n;
        }
        var matched = tensor(partner.Select((p, i) => p == i).ToArray());           // (batch) bool
        var paired = g.index_select(0, tensor(partner.Select(p => (long)p).ToArray())); // (batch, embedDim)
        return Losses.CosineEmbeddingLoss.Loss(f, paired, matched, Config.Margin);  // []
    }

    /// <summary>Embeds every recipe and picture of <paramref name="set"/> (in chunks, inside an <see cref="EvalScope"/>): (count, embedDim) each.</summary>
    public (Tensor Images, Tensor Recipes) EmbedAll(RecipeSet set, IReadOnlyList<int[]>? instructions = null, int chunk = 250)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var eval = EvalScope.Of(this);
        var images = new List<Tensor>();
        var recipes = new List<Tensor>();
        for (var i = 0; i < set.Count; i += chunk)
        {
            var rows = Enumerable.Range(i, Math.Min(chunk, set.Count - i)).ToArray();
            images.Add(EmbedImages(set.Pooled.index_select(0, tensor(rows.Select(r => (long)r).ToArray()))));  // (chunk, embedDim)
            recipes.Add(EmbedRecipes(set.Text(rows, instructions is null ? null : rows.Select(r => instructions[r]).ToArray()))); // (chunk, embedDim)
        }
        return (cat(images, 0), cat(recipes, 0));                                   // (count, embedDim) each
    }

    /// <summary>Image ↔ recipe retrieval on <paramref name="set"/> by the im2recipe protocol (image → recipe is <c>AToB</c>).</summary>
    public RetrievalResult Retrieve(RecipeSet set, int subsetSize, int subsets = 10, int seed = 0, IReadOnlyList<int[]>? instructions = null)
    {
        using var scope = NewDisposeScope();
        var (images, recipes) = EmbedAll(set, instructions);
        return Retrieval.Evaluate(images, recipes, subsetSize, subsets, seed);
    }

    /// <summary>The share of pictures and of recipes whose category the shared classifier predicts right.</summary>
    public (double Images, double Recipes) CategoryAccuracy(RecipeSet set)
    {
        using var scope = NewDisposeScope();
        var (images, recipes) = EmbedAll(set);
        var truth = set.Categories(Enumerable.Range(0, set.Count).ToArray());      // (count)
        using var eval = EvalScope.Of(this);
        double Accuracy(Tensor e) => Classifier.forward(e).argmax(1).eq(truth).to(float32).mean().item<float>();
        return (Accuracy(images), Accuracy(recipes));
    }
}
