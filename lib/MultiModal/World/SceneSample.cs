namespace MultiModal.World;

/// <summary>Everything the world says about one scene: its pixels and masks, captions, tags and questions.</summary>
/// <param name="Frame">Rendered image and masks (its <see cref="RenderedScene.Scene"/> is the ground truth).</param>
/// <param name="Captions">Different true captions (<see cref="CaptionGrammar"/>).</param>
/// <param name="Tags">Tag words (<see cref="World.Tags"/>).</param>
/// <param name="Questions">Questions with answers (<see cref="QuestionGenerator"/>).</param>
public sealed record SceneSample(RenderedScene Frame, IReadOnlyList<string> Captions, IReadOnlyList<string> Tags, IReadOnlyList<QuestionAnswer> Questions)
{
    /// <summary>The ground truth.</summary>
    public Scene Scene => Frame.Scene;
}
