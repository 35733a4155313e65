package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/**
 * {@code greedy} and {@code greedy_batch} (identical hypotheses).
 *
 * @param maxSymbols NeMo's {@code greedy.max_symbols}: tokens emitted on one frame before the decoder
 *     moves on (default 10)
 */
public record GreedyOptions(DecodingStrategy strategy, int maxSymbols) implements DecodingOptions {
  public static final int DEFAULT_MAX_SYMBOLS = 10;

  public GreedyOptions {
    Checks.argument(
        strategy == DecodingStrategy.GREEDY || strategy == DecodingStrategy.GREEDY_BATCH,
        "greedy options need strategy greedy or greedy_batch, got %s", strategy);
    Checks.argument(maxSymbols >= 1, "greedy.max_symbols must be >= 1, got %s", maxSymbols);
  }
}
