package org.rnnt4j.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** NeMo's strategy names, defaults (RNNTDecodingConfig / BeamRNNTInferConfig) and the options' checks. */
class DecodingOptionsTest {
  @Test
  void everyNemoNameParsesAndRoundTrips() {
    String[] names = {"greedy", "greedy_batch", "beam", "tsd", "alsd", "maes", "malsd_batch", "maes_batch"};
    assertEquals(names.length, DecodingStrategy.values().length);
    for (String name : names) {
      DecodingStrategy s = DecodingStrategy.fromNemoName(" " + name.toUpperCase() + " ");
      assertEquals(name, s.nemoName());
      assertEquals(s, DecodingOptions.defaults(s).strategy());
      assertTrue(Decoders.create(s) != null);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodingStrategy.fromNemoName("nsc"));
    assertTrue(e.getMessage().contains("malsd_batch") && e.getMessage().contains("'nsc'"), e.getMessage());
  }

  @Test
  void greedyOnlyCommandsRefuseBeamSearchesByName() {
    assertEquals(DecodingStrategy.GREEDY_BATCH, DecodingStrategy.parse("greedy_batch"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodingStrategy.parse("maes"));
    assertTrue(e.getMessage().contains("'maes'"), e.getMessage());
  }

  @Test
  void defaultsAreNemos() {
    assertEquals(new GreedyOptions(DecodingStrategy.GREEDY_BATCH, 10), DecodingOptions.defaults(DecodingStrategy.GREEDY_BATCH));
    BeamOptions beam = new BeamOptions(4, true, true);
    assertEquals(new BeamSearchOptions(beam), DecodingOptions.defaults(DecodingStrategy.BEAM));
    assertEquals(new TsdOptions(beam, 10), DecodingOptions.defaults(DecodingStrategy.TSD));
    assertEquals(new AlsdOptions(beam, 1.0, true), DecodingOptions.defaults(DecodingStrategy.ALSD));
    assertEquals(new MaesOptions(beam, 2, 1, 2, 2.3), DecodingOptions.defaults(DecodingStrategy.MAES));
    assertEquals(new MalsdBatchOptions(beam, 10), DecodingOptions.defaults(DecodingStrategy.MALSD_BATCH));
    assertEquals(new MaesBatchOptions(beam, 2, 2, 2.3), DecodingOptions.defaults(DecodingStrategy.MAES_BATCH));
    assertEquals(150, new AlsdOptions(beam, 1.5, true).maxTargetLength(100));
    assertEquals(2, new AlsdOptions(beam, 2, false).maxTargetLength(100));
  }

  @Test
  void badValuesSayWhatTheyGot() {
    assertMessage("beam.beam_size must be >= 1, got 0", () -> new BeamOptions(0, true, true));
    BeamOptions beam = BeamOptions.defaults();
    assertMessage("beam.maes_num_steps must be >= 2, got 1", () -> new MaesOptions(beam, 1, 1, 2, 2.3));
    assertMessage("beam.maes_prefix_alpha must be >= 0, got -1", () -> new MaesOptions(beam, 2, -1, 2, 2.3));
    assertMessage("beam.maes_expansion_gamma must be >= 0, got NaN", () -> new MaesOptions(beam, 2, 1, 2, Double.NaN));
    assertMessage("beam.tsd_max_sym_exp_per_step must be >= 1, got 0", () -> new TsdOptions(beam, 0));
    assertMessage("beam.alsd_max_target_len must be >= 0, got -1.0", () -> new AlsdOptions(beam, -1, true));
    assertMessage("beam.max_symbols must be >= 1, got 0", () -> new MalsdBatchOptions(beam, 0));
    assertMessage("greedy.max_symbols must be >= 1, got 0", () -> new GreedyOptions(DecodingStrategy.GREEDY, 0));
    assertMessage("greedy options need strategy greedy or greedy_batch, got BEAM", () -> new GreedyOptions(DecodingStrategy.BEAM, 10));
  }

  private static void assertMessage(String message, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(message, e.getMessage());
  }
}
