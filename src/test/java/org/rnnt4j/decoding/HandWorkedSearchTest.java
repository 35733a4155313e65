package org.rnnt4j.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;

/**
 * The searches on a transducer whose joint distribution is set by hand ({@link HandSetTransducer}): it
 * depends only on the last token, p(c | last), tokens a = 0, b = 1, c = 2, blank = 3. Every expected
 * value below is worked out by hand from NeMo's algorithms (rnnt_beam_decoding.py,
 * rnnt_malsd_batched_computer.py, rnnt_maes_batched_computer.py); the arithmetic is in the comments.
 */
class HandWorkedSearchTest {
  private static final double TOL = 1e-5;
  private static final int A = 0;

  /**
   * p(. | start) = [a .5, b .125, c .0625, blank .3125], p(. | a) = [.0625, .125, .03125, .78125],
   * p(. | b) = p(. | c) = [.03125, .0625, .125, .78125].
   */
  private static final double[][] P = {
    {.0625, .125, .03125, .78125}, {.03125, .0625, .125, .78125}, {.03125, .0625, .125, .78125}, {.5, .125, .0625, .3125}
  };

  private static final Transducer MODEL = HandSetTransducer.build(P);

  /** ln P("a") over two frames, both alignments: a on frame 0 (.5 x .78125 x .78125) or on frame 1 (.3125 x .5 x .78125). */
  private static final double BOTH_ALIGNMENTS = Math.log(.5 * .78125 * .78125 + .3125 * .5 * .78125);

  @Test
  void defaultBeamStopsOnceBeamKeptHypothesesBeatEveryOpenOne() {
    // Frame 0, beam 2, top-2 tokens per expansion. Pop start (0): kept {[] ln .3125 = -1.163}, open {[a]
    // ln .5 = -0.693, [b] ln .125 = -2.079}; nothing kept beats -0.693. Pop [a]: kept + {[a] ln .5 + ln
    // .78125 = -0.940}, open + {[a b] -2.773, [a a] -3.466}; best open is now [b] -2.079 and both kept
    // beat it: stop. Ranked: [a] -0.940 (normalised -0.470), [] -1.163.
    List<Hypothesis> nBest = decode(new BeamSearchOptions(new BeamOptions(2, true, false)), 1);
    assertEquals(2, nBest.size());
    assertHypothesis(nBest.get(0), new int[] {A}, new int[] {0}, Math.log(.5) + Math.log(.78125));
    assertHypothesis(nBest.get(1), new int[0], new int[0], Math.log(.3125));
  }

  @Test
  void defaultBeamReportsEachTranscriptOnceWithItsBestAlignment() {
    // Two frames: NeMo's list is [a]@0 (.5 x .78125^2), [a]@1 (.3125 x .5 x .78125), [] (.3125^2); the
    // beam search never merges, so "a" appears twice and our n-best keeps its better alignment only.
    List<Hypothesis> nBest = decode(new BeamSearchOptions(new BeamOptions(2, true, false)), 2);
    assertEquals(2, nBest.size());
    assertHypothesis(nBest.get(0), new int[] {A}, new int[] {0}, Math.log(.5 * .78125 * .78125));
    assertHypothesis(nBest.get(1), new int[0], new int[0], 2 * Math.log(.3125));
  }

  @Test
  void scoreNormChangesTheOrderButNotTheScores() {
    // p(. | start) = [.4, .2, .0875, .3125], p(. | a) = [.05, .25, .15, .55]. One frame, beam 2: pop start
    // -> kept {[] ln .3125 = -1.163}, open {[a] -0.916, [b] -1.609}; pop [a] -> kept + {[a] ln(.4 x .55)
    // = -1.514}, open + {[a b] -2.303, [a c] -2.813}; best open [b] -1.609 < both kept: stop. Raw order [],
    // [a]; by score / (tokens + 1): [a] -0.757 before [] -1.163.
    double[][] p = {{.05, .25, .15, .55}, P[1], P[2], {.4, .2, .0875, .3125}};
    Transducer model = HandSetTransducer.build(p);
    List<Hypothesis> raw = decode(model, new BeamSearchOptions(new BeamOptions(2, false, false)), 1);
    List<Hypothesis> normalised = decode(model, new BeamSearchOptions(new BeamOptions(2, true, false)), 1);
    assertHypothesis(raw.get(0), new int[0], new int[0], Math.log(.3125));
    assertHypothesis(raw.get(1), new int[] {A}, new int[] {0}, Math.log(.4 * .55));
    assertHypothesis(normalised.get(0), new int[] {A}, new int[] {0}, Math.log(.4 * .55));
    assertHypothesis(normalised.get(1), new int[0], new int[0], Math.log(.3125));
  }

  @Test
  void beamSizeOneIsNemosGreedySearchWithAtMostFiveTokensPerFrame() {
    // p(. | start) = [.6, .1, .1, .2], p(. | a) = [.7, .1, .1, .1]: a always wins. BeamRNNTInfer's greedy
    // search stops a frame after 5 tokens: 5 a's on frame 0, 5 on frame 1, score ln .6 + 9 ln .7.
    // greedy_batch's max_symbols 10 emits 10 per frame: 20 a's, ln .6 + 19 ln .7.
    double[][] p = {{.7, .1, .1, .1}, {.25, .25, .25, .25}, {.25, .25, .25, .25}, {.6, .1, .1, .2}};
    Transducer model = HandSetTransducer.build(p);
    int[] tokens = new int[10];
    int[] frames = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    for (DecodingOptions o :
        List.of(
            new BeamSearchOptions(new BeamOptions(1, true, false)),
            new TsdOptions(new BeamOptions(1, true, false), 10),
            new AlsdOptions(new BeamOptions(1, true, false), 1.0, true),
            new MaesOptions(new BeamOptions(1, true, false), 2, 1, 2, 2.3))) {
      List<Hypothesis> nBest = decode(model, o, 2);
      assertEquals(1, nBest.size(), o.toString());
      assertHypothesis(nBest.get(0), tokens, frames, Math.log(.6) + 9 * Math.log(.7));
    }
    Hypothesis greedy = decode(model, DecodingOptions.defaults(DecodingStrategy.GREEDY_BATCH), 2).get(0);
    assertEquals(20, greedy.tokens().length);
    assertEquals(Math.log(.6) + 19 * Math.log(.7), greedy.score(), TOL);
  }

  @Test
  void timeSyncDecodingMergesTheTwoAlignmentsOfOneTranscript() {
    // Frame 1, round 0: A gets [a] (from frame 0's [a], timestamps [0]) and []; round 1: C holds [a] made
    // from [] on this frame, whose blank extension merges into A's [a] (log-add): ln P("a"), both
    // alignments. [] = 2 ln .3125.
    List<Hypothesis> nBest = decode(new TsdOptions(new BeamOptions(2, true, false), 2), 2);
    assertHypothesis(nBest.get(0), new int[] {A}, new int[] {0}, BOTH_ALIGNMENTS);
    assertHypothesis(nBest.get(1), new int[0], new int[0], 2 * Math.log(.3125));
  }

  @Test
  void alignmentLengthSyncDecodingRecombinesEqualTranscripts() {
    // Step 2 of T + U_max = 4: the beam holds [a] with one blank (a on frame 0, on frame 1 now) and [a]
    // reached through [] on frame 1; recombine_hypotheses log-adds them. Final (blank on the last frame):
    // [a] ln P("a"), [] 2 ln .3125, and [a b] (a@0 b@1 and a@1 b@1: .5 x .78125 x .125 x .78125 + .3125 x
    // .5 x .125 x .78125), ranked by raw score.
    List<Hypothesis> nBest = decode(new AlsdOptions(new BeamOptions(2, false, false), 1.0, true), 2);
    assertEquals(3, nBest.size());
    assertHypothesis(nBest.get(0), new int[] {A}, new int[] {0}, BOTH_ALIGNMENTS);
    assertHypothesis(nBest.get(1), new int[0], new int[0], 2 * Math.log(.3125));
    assertHypothesis(
        nBest.get(2), new int[] {A, 1}, new int[] {0, 1}, Math.log(.5 * .78125 * .125 * .78125 + .3125 * .5 * .125 * .78125));
  }

  @Test
  void maesPrefixSearchAddsThePathThroughTheShorterPrefixWithinPrefixAlpha() {
    // Frame 1 starts with [a] (ln .5 x .78125) and [] (ln .3125). With prefix_alpha 1, [] is a prefix of
    // [a] one token shorter: [a] += path [] + a on frame 1 (log-add ln .3125 + ln .5), then the blank
    // (x .78125): ln P("a"). With prefix_alpha 0 nothing merges: ln(.5 x .78125^2).
    List<Hypothesis> merged = decode(new MaesOptions(new BeamOptions(2, false, false), 2, 1, 1, 2.3), 2);
    List<Hypothesis> alone = decode(new MaesOptions(new BeamOptions(2, false, false), 2, 0, 1, 2.3), 2);
    assertHypothesis(merged.get(0), new int[] {A}, new int[] {0}, BOTH_ALIGNMENTS);
    assertHypothesis(alone.get(0), new int[] {A}, new int[] {0}, Math.log(.5 * .78125 * .78125));
    assertHypothesis(merged.get(1), new int[0], new int[0], 2 * Math.log(.3125));
    assertHypothesis(alone.get(1), new int[0], new int[0], 2 * Math.log(.3125));
  }

  @Test
  void batchedSearchesMergeEqualTranscriptsAndKeepUtterancesApart() {
    // Two utterances in one batch, 2 frames and 1 frame. malsd_batch recombines [a] reached on frame 0
    // and on frame 1 (hash, last token and length equal): ln P("a"); maes_batch gets the same through its
    // prefix recombination. The 1-frame utterance: [a] ln(.5 x .78125), [] ln .3125, as alone.
    Encoded batch = HandSetTransducer.frames(2, 1);
    for (DecodingOptions o :
        List.of(new MalsdBatchOptions(new BeamOptions(2, true, false), 10), new MaesBatchOptions(new BeamOptions(2, true, false), 2, 1, 2.3))) {
      List<Hypotheses> out = Decoders.create(o).decode(MODEL, batch);
      assertHypothesis(out.get(0).best(), new int[] {A}, new int[] {0}, BOTH_ALIGNMENTS);
      List<Hypothesis> short1 = out.get(1).nBest();
      assertEquals(2, short1.size(), o.toString());
      assertHypothesis(short1.get(0), new int[] {A}, new int[] {0}, Math.log(.5 * .78125));
      assertHypothesis(short1.get(1), new int[0], new int[0], Math.log(.3125));
    }
    // maes_batch's second transcript on 2 frames is [] (its blanks: 2 ln .3125)
    List<Hypothesis> maes = Decoders.create(new MaesBatchOptions(new BeamOptions(2, true, false), 2, 1, 2.3)).decode(MODEL, batch).get(0).nBest();
    assertHypothesis(maes.get(1), new int[0], new int[0], 2 * Math.log(.3125));
  }

  @Test
  void timeSyncDecodingEmitsOnlyWithASecondExpansionRoundAndKeepsTheBeamBestOfTheFrame() {
    // tsd_max_sym_exp 1: one round per frame puts only blank extensions into A; the token extensions it
    // scores are never used, so on 2 frames the only hypothesis is [] (2 ln .3125). With 2 rounds, one frame,
    // beam 2: round 0 gives A {[] ln .3125}, C {[a] ln .5, [b] ln .125}; round 1 adds their blanks to A ([a] ln
    // .5 x .78125, [b] ln .125 x .78125); the beam keeps [a] and [], dropping [b] (ln .0977).
    List<Hypothesis> oneRound = decode(new TsdOptions(new BeamOptions(2, true, false), 1), 2);
    assertEquals(1, oneRound.size());
    assertHypothesis(oneRound.get(0), new int[0], new int[0], 2 * Math.log(.3125));
    List<Hypothesis> twoRounds = decode(new TsdOptions(new BeamOptions(2, true, false), 2), 1);
    assertEquals(2, twoRounds.size());
    assertHypothesis(twoRounds.get(0), new int[] {A}, new int[] {0}, Math.log(.5 * .78125));
    assertHypothesis(twoRounds.get(1), new int[0], new int[0], Math.log(.3125));
  }

  @Test
  void alignmentLengthSyncDecodingRunsTPlusUmaxStepsAndReturnsWhatFinished() {
    // One frame. alsd_max_target_len as an int is U_max itself. U_max 0: one step (T + 0); from the start,
    // only the blank extension reaches the last frame: [] ln .3125 alone, although [a] is in the beam. U_max 1:
    // a second step extends [a] (still on frame 0) with the blank: [a] ln(.5 x .78125) finishes too, and ranks
    // first (score_norm: -0.470 against -1.163).
    List<Hypothesis> none = decode(new AlsdOptions(new BeamOptions(2, true, false), 0, false), 1);
    assertEquals(1, none.size());
    assertHypothesis(none.get(0), new int[0], new int[0], Math.log(.3125));
    List<Hypothesis> one = decode(new AlsdOptions(new BeamOptions(2, true, false), 1, false), 1);
    assertEquals(2, one.size());
    assertHypothesis(one.get(0), new int[] {A}, new int[] {0}, Math.log(.5 * .78125));
    assertHypothesis(one.get(1), new int[0], new int[0], Math.log(.3125));
  }

  @Test
  void maesExpandsOnlyClassesWithinGammaOfTheBest() {
    // One frame, beam 3, beta 0 (3 candidates), 2 steps, raw scores. From the start the classes are a ln .5,
    // blank ln .3125 (0.47 below a), b ln .125 (1.39 below). gamma 2.3: all three; step 1 expands [a] by its
    // blank (ln .78125) and b (1.83 below), not a (2.53 below), and [b] by blank and c: kept are [a] ln .390625,
    // [] ln .3125, [b] ln .0977 (before [a b] ln .0488 and [b c] ln .0122). gamma 1.0: b is not expanded and
    // [a] only takes its blank: [a], []. gamma 0.3: only a from the start, only the blank after it: [a].
    double[] gammas = {2.3, 1.0, 0.3};
    int[] sizes = {3, 2, 1};
    for (int g = 0; g < gammas.length; g++) {
      List<Hypothesis> nBest = decode(new MaesOptions(new BeamOptions(3, false, false), 2, 1, 0, gammas[g]), 1);
      assertEquals(sizes[g], nBest.size(), "gamma " + gammas[g]);
      assertHypothesis(nBest.get(0), new int[] {A}, new int[] {0}, Math.log(.5 * .78125));
      if (sizes[g] > 1) {
        assertHypothesis(nBest.get(1), new int[0], new int[0], Math.log(.3125));
      }
      if (sizes[g] > 2) {
        assertHypothesis(nBest.get(2), new int[] {1}, new int[] {0}, Math.log(.125 * .78125));
      }
    }
  }

  @Test
  void emptyUtterancesDecodeToNothing() {
    BeamOptions beam = new BeamOptions(2, true, false);
    for (DecodingOptions o :
        List.of(
            DecodingOptions.defaults(DecodingStrategy.GREEDY_BATCH), new BeamSearchOptions(beam), new TsdOptions(beam, 10),
            new AlsdOptions(beam, 1.0, true), new MaesOptions(beam, 2, 1, 1, 2.3), new MalsdBatchOptions(beam, 10),
            new MaesBatchOptions(beam, 2, 1, 2.3))) {
      List<Hypotheses> out = Decoders.create(o).decode(MODEL, HandSetTransducer.frames(0, 1));
      assertEquals(1, out.get(0).nBest().size(), o.toString());
      assertEquals(0, out.get(0).best().tokens().length, o.toString());
      assertEquals(0.0, out.get(0).best().score(), 0.0, o.toString());
    }
  }

  private static List<Hypothesis> decode(DecodingOptions options, int frames) {
    return decode(MODEL, options, frames);
  }

  private static List<Hypothesis> decode(Transducer model, DecodingOptions options, int frames) {
    return Decoders.create(options).decode(model, HandSetTransducer.frames(frames)).get(0).nBest();
  }

  private static void assertHypothesis(Hypothesis h, int[] tokens, int[] frames, double score) {
    assertArrayEquals(tokens, h.tokens(), "tokens");
    assertArrayEquals(frames, h.timestamps(), "timestamps");
    assertEquals(score, h.score(), TOL, "score");
  }
}
