package org.rnnt4j.decoding;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * NeMo's {@code decoding.strategy} names for RNN-T models ({@code TransducerDecodingStrategyType}):
 * {@code greedy} (frame-looping, one utterance at a time) and {@code greedy_batch} (label-looping over
 * the batch), which give identical hypotheses; the per-utterance beam searches of {@code BeamRNNTInfer}
 * ({@code beam}, which NeMo runs as its {@code default} search type, {@code tsd}, {@code alsd}, {@code
 * maes}); and the batched beam searches of {@code BeamBatchedRNNTInfer} ({@code malsd_batch}, {@code
 * maes_batch}). {@link Decoders#create} builds a decoder for each.
 */
public enum DecodingStrategy {
  GREEDY,
  GREEDY_BATCH,
  BEAM,
  TSD,
  ALSD,
  MAES,
  MALSD_BATCH,
  MAES_BATCH;

  /**
   * @param nemoName one of NeMo's names, e.g. {@code greedy_batch}, {@code maes}, {@code malsd_batch}
   */
  public static DecodingStrategy fromNemoName(String nemoName) {
    String name = nemoName.trim().toLowerCase(Locale.ROOT);
    for (DecodingStrategy s : values()) {
      if (s.nemoName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "decoding strategy must be one of "
            + Arrays.stream(values()).map(DecodingStrategy::nemoName).collect(Collectors.joining(", "))
            + ", got '" + nemoName + "'");
  }

  /** NeMo's name. */
  public String nemoName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is one of NeMo's beam searches (everything but the two greedy strategies). */
  public boolean isBeamSearch() {
    return this != GREEDY && this != GREEDY_BATCH;
  }
}
