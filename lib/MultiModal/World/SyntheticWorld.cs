namespace MultiModal.World;

/// <summary>
/// The course's synthetic multi-modal world — the main entry point. One seed determines every dataset the
/// course trains on, all aligned and with ground truth a real dataset never has: scenes (image, object masks and
/// boxes, captions, tags, questions and answers), their sounds (video clips with the sounding object known),
/// recipes with dish pictures, speakers (face + voice), speech units and speech mixtures with clean tracks.
/// Everything is generated on demand (streaming, random-access): nothing is downloaded, nothing is held.
/// <code>
/// var world = new SyntheticWorld(seed: 1);
/// SceneSample s = world.Sample(Split.Train, 0);           // s.Frame.ToImage(), s.Captions, s.Tags, s.Questions
/// foreach (var batch in world.SceneBatches(Split.Train, batchSize: 32, count: 256))
///     using (batch)
///     {
///         // batch.Images   float32 [32, 3, 64, 64] in [0, 1]
///         // batch.Captions int64   [32, maxLen]  (&lt;start&gt; … &lt;end&gt; &lt;pad&gt;…, Vocabulary.Captions)
///     }
/// VideoClip clip = world.Clip(Split.Train, 0);             // clip.Audio (16 kHz, 1 s), clip.SoundingObjects
/// Speaker who = world.Speakers.Get(Split.Train, 3);        // who.FaceImage(), who.Say("a red circle")
/// Recipe r = world.Recipes.Generate(Split.Train, 0);       // r.Ingredients, r.Steps, r.ToImage(), r.Category
/// Mixture m = world.Mixtures.Generate(Split.Train, 0);     // m.Mix == m.Clean[0] + m.Clean[1]
/// </code>
/// </summary>
public sealed class SyntheticWorld
{
    /// <summary>A world from <paramref name="seed"/> and <paramref name="config"/> (defaults: 64×64 scenes, 16 kHz audio).</summary>
    /// <exception cref="ArgumentException">An invalid configuration; the message names the field.</exception>
    public SyntheticWorld(int seed = 1, WorldConfig? config = null)
    {
        Config = (config ?? new WorldConfig()).Validate();
        Seed = seed;
        Scenes = new SceneGenerator(Config.Scenes, seed);
        Grammar = new CaptionGrammar(Config.Scenes.RelationMargin, Config.Scenes.HeldOutSet, Config.Scenes.CaptionStyle);
        QuestionGenerator = new QuestionGenerator(Config.Scenes.RelationMargin);
        Sounds = new WorldSounds(Config.Sounds, seed);
        Speakers = new Speakers(Config.Speakers, seed);
        Mixtures = new Mixtures(Speakers, Scenes);
        Recipes = new RecipeBook(seed, Config.RecipeImageSize);
    }

    /// <summary>The validated configuration.</summary>
    public WorldConfig Config { get; }
    /// <summary>The seed.</summary>
    public int Seed { get; }
    /// <summary>Scene ground truth (objects, places, boxes).</summary>
    public SceneGenerator Scenes { get; }
    /// <summary>Caption writer.</summary>
    public CaptionGrammar Grammar { get; }
    /// <summary>Question writer and answerer.</summary>
    public QuestionGenerator QuestionGenerator { get; }
    /// <summary>Object sounds, place ambience, clips.</summary>
    public WorldSounds Sounds { get; }
    /// <summary>Speakers (faces and voices) per split.</summary>
    public Speakers Speakers { get; }
    /// <summary>Two-speaker mixtures with clean tracks.</summary>
    public Mixtures Mixtures { get; }
    /// <summary>Recipes and dish pictures.</summary>
    public RecipeBook Recipes { get; }
    /// <summary>Caption vocabulary (special tokens + <see cref="CaptionGrammar.Words"/>).</summary>
    public Vocabulary CaptionVocabulary => Vocabulary.Captions;
    /// <summary>Question vocabulary (special tokens + <see cref="QuestionGenerator.Words"/>).</summary>
    public Vocabulary QuestionVocabulary => Vocabulary.Questions;
    /// <summary>Answer classes.</summary>
    public IReadOnlyList<string> Answers => QuestionGenerator.Answers;
    /// <summary>Word → speech units.</summary>
    public Lexicon Lexicon => Lexicon.Default;

    /// <summary>Number of items in a split of the finite datasets (<see cref="WorldConfig.TrainSize"/> …).</summary>
    public int Size(Split split) => Config.Size(split);

    /// <summary>Scene <paramref name="index"/> of a split with its image, masks, captions, tags and questions.</summary>
    public SceneSample Sample(Split split, long index) => Describe(Scenes.Generate(split, index));

    /// <summary>Image, masks, captions, tags and questions of any scene (e.g. one made by <see cref="SceneGenerator.Compose"/>).</summary>
    public SceneSample Describe(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return new SceneSample(SceneRenderer.Render(scene), Grammar.Generate(scene, Config.Scenes.CaptionsPerScene),
            Tags.Of(scene), QuestionGenerator.Generate(scene, Config.Scenes.QuestionsPerScene));
    }

    /// <summary>Samples <paramref name="start"/> … of a split, one at a time (default count: the rest of the split).</summary>
    public IEnumerable<SceneSample> Samples(Split split, long start = 0, long? count = null) =>
        Scenes.Stream(split, start, count ?? Math.Max(0, Size(split) - start)).Select(Describe);

    /// <summary>The video clip (frame + soundtrack) of scene <paramref name="index"/> of a split.</summary>
    public VideoClip Clip(Split split, long index) => Sounds.Clip(SceneRenderer.Render(Scenes.Generate(split, index)));

    /// <summary>Clips <paramref name="start"/> … of a split, one at a time (default count: the rest of the split).</summary>
    public IEnumerable<VideoClip> Clips(Split split, long start = 0, long? count = null) =>
        Scenes.Stream(split, start, count ?? Math.Max(0, Size(split) - start)).Select(s => Sounds.Clip(SceneRenderer.Render(s)));

    /// <summary>
    /// Batches of <paramref name="count"/> scenes (default: the split's size) in a shuffled order when
    /// <paramref name="shuffleSeed"/> is given (pass the epoch number), in index order otherwise. Each epoch also
    /// rotates which caption of a scene is used. The last batch may be smaller.
    /// </summary>
    public IEnumerable<SceneBatch> SceneBatches(Split split, int batchSize, int? count = null, int? shuffleSeed = null, int? maxLen = null)
    {
        foreach (var chunk in Chunks(split, batchSize, count, shuffleSeed))
            yield return new SceneBatch(chunk.Select(i => Sample(split, i)).ToArray(), shuffleSeed ?? 0, maxLen);
    }

    /// <summary>Batches of (image, question, answer): every question of each scene becomes a row.</summary>
    public IEnumerable<QuestionBatch> QuestionBatches(Split split, int batchSize, int? count = null, int? shuffleSeed = null, int? maxLen = null)
    {
        var rows = new List<(SceneSample, QuestionAnswer)>(batchSize);
        foreach (var chunk in Chunks(split, batchSize, count, shuffleSeed))
            foreach (var i in chunk)
            {
                var sample = Sample(split, i);
                foreach (var qa in sample.Questions)
                {
                    rows.Add((sample, qa));
                    if (rows.Count == batchSize) { yield return new QuestionBatch(rows.ToArray(), maxLen); rows.Clear(); }
                }
            }
        if (rows.Count > 0) yield return new QuestionBatch(rows.ToArray(), maxLen);
    }

    /// <summary>Batches of video clips (frame + soundtrack + sounding mask).</summary>
    public IEnumerable<ClipBatch> ClipBatches(Split split, int batchSize, int? count = null, int? shuffleSeed = null)
    {
        foreach (var chunk in Chunks(split, batchSize, count, shuffleSeed))
            yield return new ClipBatch(chunk.Select(i => Clip(split, i)).ToArray());
    }

    private IEnumerable<long[]> Chunks(Split split, int batchSize, int? count, int? shuffleSeed)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        var n = count ?? Size(split);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1.");
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        if (shuffleSeed is { } s) WorldRandom.For(Seed, "shuffle/" + Splits.Name(split), s).Shuffle(order);
        for (var k = 0; k < n; k += batchSize) yield return order[k..Math.Min(n, k + batchSize)];
    }
}
