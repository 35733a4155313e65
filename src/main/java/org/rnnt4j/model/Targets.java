package org.rnnt4j.model;

import org.rnnt4j.engine.Tensor;

/**
 * The label sequences of a batch with their lengths.
 *
 * @param labels (B, U) int64 token ids, padded (the padding is never read)
 * @param lengths (B) int64, {@code U_b}
 */
public record Targets(Tensor labels, Tensor lengths) {}
