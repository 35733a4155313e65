package org.rnnt4j.decoding;

import java.util.Locale;

/**
 * NeMo's {@code decoding.strategy} names that rnnt4j implements. {@code greedy} (frame-looping, one
 * utterance at a time) and {@code greedy_batch} (label-looping over the batch) give identical
 * hypotheses, so both run {@link GreedyBatchDecoder}; NeMo's beam searches ({@code beam}, {@code tsd},
 * {@code alsd}, {@code maes}) are not implemented.
 */
public enum DecodingStrategy {
  GREEDY,
  GREEDY_BATCH;

  /** @param nemoName {@code greedy} or {@code greedy_batch} */
  public static DecodingStrategy parse(String nemoName) {
    String name = nemoName.trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "greedy" -> GREEDY;
      case "greedy_batch" -> GREEDY_BATCH;
      case "beam", "tsd", "alsd", "maes", "malsd_batch", "maes_batch" ->
          throw new IllegalArgumentException(
              "decoding strategy '" + nemoName + "' (beam search) is not implemented; use greedy_batch or greedy");
      default ->
          throw new IllegalArgumentException("decoding strategy must be greedy_batch or greedy, got '" + nemoName + "'");
    };
  }

  /** NeMo's name. */
  public String nemoName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
