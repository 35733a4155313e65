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
  void parametersBindToTheStrategysOptionsWithNemosDefaultsForWhatIsNotNamed() {
    assertEquals(new GreedyOptions(DecodingStrategy.GREEDY_BATCH, 7), DecodingParameters.of(DecodingStrategy.GREEDY_BATCH).toOptions(7));
    assertEquals(DecodingOptions.defaults(DecodingStrategy.MAES), DecodingParameters.of(DecodingStrategy.MAES).toOptions(10));
    assertEquals(DecodingOptions.defaults(DecodingStrategy.MAES_BATCH), DecodingParameters.of(DecodingStrategy.MAES_BATCH).toOptions(10));
    DecodingParameters maes =
        new DecodingParameters(DecodingStrategy.MAES, 8, false, false, null, null, 3, 0, 1, 1.5);
    assertEquals(new MaesOptions(new BeamOptions(8, false, false), 3, 0, 1, 1.5), maes.toOptions(10));
    assertEquals(8, maes.effectiveBeamSize());
    assertEquals("maes", maes.describe().get("decoding_strategy"));
    assertEquals(8, maes.describe().get("beam_size"));
    assertEquals(1, DecodingParameters.of(DecodingStrategy.GREEDY, 4).effectiveBeamSize());
    assertEquals(4, DecodingParameters.of(DecodingStrategy.BEAM, null).effectiveBeamSize());
    assertEquals(new TsdOptions(BeamOptions.of(4), 3),
        new DecodingParameters(DecodingStrategy.TSD, null, null, null, 3, null, null, null, null, null).toOptions(10));
    // NeMo reads alsd_max_target_len by type: a float is a multiple of T, an int a fixed U_max
    assertEquals(new AlsdOptions(BeamOptions.of(4), 0.5, true), alsd("0.5").toOptions(10));
    assertEquals(new AlsdOptions(BeamOptions.of(4), 50, false), alsd("50").toOptions(10));
  }

  @Test
  void parametersTheStrategyDoesNotReadAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DecodingParameters(DecodingStrategy.BEAM, 4, null, null, 3, null, 2, null, null, null));
    assertTrue(e.getMessage().contains("beam does not use tsd_max_sym_exp, maes_num_steps"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new DecodingParameters(DecodingStrategy.GREEDY_BATCH, 4, null, null, null, null, null, null, null, null));
    assertTrue(e.getMessage().contains("beam_size"), e.getMessage());
  }

  private static DecodingParameters alsd(String maxTargetLen) {
    return new DecodingParameters(DecodingStrategy.ALSD, null, null, null, null, maxTargetLen, null, null, null, null);
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
