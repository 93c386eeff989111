namespace MultiModal.World;

/// <summary>
/// The hidden factors of a speaker, each in [0, 1]. Some shape both the face and the voice (as in people:
/// masculinity, age, build), some only the face (skin tone, hair colour), some only the voice (energy → speaking
/// rate, breathiness). Voice → face is therefore learnable but not a 1:1 code.
/// </summary>
/// <param name="Masculinity">Bimodal; lowers pitch and formants, widens the jaw, thickens brows, shortens hair, allows a beard.</param>
/// <param name="Age">Greys the hair, adds forehead lines; lowers pitch slightly and slows speech.</param>
/// <param name="Build">Body size; widens the face and lowers the formants (longer vocal tract).</param>
/// <param name="SkinTone">Face only.</param>
/// <param name="HairHue">Face only: from black through brown to blond/red.</param>
/// <param name="Energy">Voice only: speaking rate.</param>
/// <param name="Breathiness">Voice only: noise mixed into the glottal source.</param>
public sealed record SpeakerFactors(double Masculinity, double Age, double Build, double SkinTone, double HairHue, double Energy, double Breathiness)
{
    /// <summary>The factors as a vector (Masculinity, Age, Build, SkinTone, HairHue, Energy, Breathiness).</summary>
    public float[] ToVector() => [(float)Masculinity, (float)Age, (float)Build, (float)SkinTone, (float)HairHue, (float)Energy, (float)Breathiness];
}

/// <summary>A source–filter voice: the glottal pitch, the formant scale of the vocal tract and the speaking rate.</summary>
/// <param name="PitchHz">Fundamental frequency of the glottal source (constant over an utterance).</param>
/// <param name="FormantScale">Multiplies every vowel formant (≈ 0.85 long vocal tract … 1.15 short).</param>
/// <param name="UnitsPerSecond">Speaking rate in syllable-like units per second.</param>
/// <param name="Breathiness">Share of noise in the source, 0..0.3.</param>
public sealed record Voice(double PitchHz, double FormantScale, double UnitsPerSecond, double Breathiness);

/// <summary>
/// One speaker of the world: latent factors, the voice they determine, and a procedural face
/// (<see cref="Face"/>). Speakers are split: a test speaker never appears in training.
/// <code>
/// var speaker = world.Speakers.Get(Split.Train, 0);
/// Image face = speaker.FaceImage();                    // 64×64 RGB
/// Utterance u = speaker.Say("a red circle");          // 16 kHz audio with unit alignment
/// </code>
/// </summary>
/// <param name="Split">The split the speaker belongs to.</param>
/// <param name="Index">Index of the speaker within the split.</param>
/// <param name="Seed">Seed of the speaker's face details.</param>
/// <param name="Factors">Latent factors.</param>
/// <param name="Voice">The voice the factors (plus voice-only noise) determine.</param>
/// <param name="FaceSize">Face image width and height in pixels.</param>
/// <param name="SampleRate">Sample rate of the speaker's speech.</param>
public sealed record Speaker(Split Split, int Index, ulong Seed, SpeakerFactors Factors, Voice Voice, int FaceSize, int SampleRate)
{
    /// <summary>"train/17".</summary>
    public string Id => $"{Splits.Name(Split)}/{Index}";

    /// <summary>The face as RGB bytes, row-major [FaceSize, FaceSize, 3].</summary>
    public byte[] Face() => FaceRenderer.Render(this);

    /// <summary>The face as an ImageSharp image.</summary>
    public SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> FaceImage() =>
        SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgb24>(Face(), FaceSize, FaceSize);

    /// <summary>Speaks a sequence of unit ids (see <see cref="SpeechUnits"/>).</summary>
    public Utterance Say(IReadOnlyList<int> units, ulong variation = 0) => SpeechSynthesizer.Synthesize(this, units, variation);

    /// <summary>Speaks a text through <see cref="Lexicon.Default"/> (a short pause between words).</summary>
    public Utterance Say(string text, ulong variation = 0) => SpeechSynthesizer.Synthesize(this, Lexicon.Default.TranscribeWords(text), variation, text);
}
