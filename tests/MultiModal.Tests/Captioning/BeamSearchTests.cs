using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using MultiModal.Models.Decoding;

namespace MultiModal.Tests.Captioning;

public class BeamSearchTests
{
    // Tokens: 0 pad, 1 start, 2 end, 3 "a", 4 "b", 5 "c", 6 "d".
    private static readonly SpecialTokens Tokens = new(1, 2, 0);

    /// <summary>
    /// A hand-made "language model" whose next-token distribution depends only on the previous token:
    /// after start: a 0.6, b 0.4. After a: c, d, end 0.3 each (0.1 spread elsewhere). After b: end 0.9.
    /// Greedy picks a (0.6) then a 0.3 token: p = 0.18 at best. Beam search (width 2) keeps b and finds
    /// "b end" with p = 0.4 · 0.9 = 0.36.
    /// </summary>
    private static DecoderStepOutput Step(Tensor previous, Tensor[] state)
    {
        var rows = previous.data<long>().Select(p => p switch
        {
            1 => new[] { 0.0, 0.0, 0.0, 0.6, 0.4, 0.0, 0.0 },
            3 => new[] { 0.025, 0.025, 0.3, 0.025, 0.025, 0.3, 0.3 },
            4 => new[] { 0.02, 0.02, 0.9, 0.02, 0.02, 0.01, 0.01 },
            _ => new[] { 0.01, 0.01, 0.94, 0.01, 0.01, 0.01, 0.01 },
        }).ToArray();
        var probs = tensor(rows.SelectMany(r => r).ToArray(), dtype: float64).reshape(rows.Length, 7).clamp_min(1e-12);
        return new DecoderStepOutput(probs.log(), state, null);
    }

    [Fact]
    public void Beam_search_finds_a_more_probable_caption_than_greedy_on_a_constructed_case()
    {
        using var scope = NewDisposeScope();
        var greedy = GreedyDecoder.Decode(Step, [zeros(1, 1)], Tokens, maxLength: 5)[0];
        var beam = BeamSearch.Decode(Step, [zeros(1, 1)], Tokens, beamWidth: 2, maxLength: 5);
        Assert.Equal(3, greedy.Tokens[0]);                                   // greedy commits to "a"
        Assert.Equal(new[] { 4 }, beam[0].Tokens);                           // beam finds "b <end>"
        Assert.Equal(Math.Log(0.36), beam[0].LogProb, 9);
        Assert.True(beam[0].LogProb > greedy.LogProb + 0.5, $"beam {beam[0].LogProb:F3} vs greedy {greedy.LogProb:F3}");
        Assert.True(beam[0].Finished);
        Assert.True(beam.Zip(beam.Skip(1)).All(p => p.First.LogProb >= p.Second.LogProb));   // best first
        var width1 = BeamSearch.Decode(Step, [zeros(1, 1)], Tokens, beamWidth: 1, maxLength: 5)[0];
        Assert.Equal(greedy.Tokens, width1.Tokens);
        Assert.Equal(greedy.LogProb, width1.LogProb, 9);
    }

    [Fact]
    public void Unfinished_beams_are_returned_when_the_length_limit_cuts_every_caption()
    {
        using var scope = NewDisposeScope();
        // never emits end: always "a" with 0.9
        DecoderStepOutput Loop(Tensor previous, Tensor[] state) =>
            new(tensor(new[] { 0.02, 0.02, 0.0, 0.9, 0.02, 0.02, 0.02 }, dtype: float64).clamp_min(1e-12).log().unsqueeze(0).expand(previous.shape[0], 7), state, null);
        var beam = BeamSearch.Decode(Loop, [zeros(1, 1)], Tokens, beamWidth: 2, maxLength: 4);
        Assert.All(beam, c => Assert.False(c.Finished));
        Assert.Equal(new[] { 3, 3, 3, 3 }, beam[0].Tokens);
        var greedy = GreedyDecoder.Decode(Loop, [zeros(1, 1)], Tokens, maxLength: 4)[0];
        Assert.False(greedy.Finished);
        Assert.Equal(4, greedy.Length);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_messages()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Decode(Step, [zeros(1, 1)], Tokens, beamWidth: 0)).Message);
        Assert.Contains("one sequence at a time", Assert.Throws<ArgumentException>(() => BeamSearch.Decode(Step, [zeros(2, 1)], Tokens)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GreedyDecoder.Decode(Step, [zeros(1, 1)], Tokens, maxLength: 0));
    }
}
