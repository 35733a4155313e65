package org.rnnt4j.features;

import org.rnnt4j.engine.Tensor;

/**
 * Log-mel features with their valid lengths.
 *
 * @param values (B, D, T) float32
 * @param lengths (B) int64, valid frames per utterance
 */
public record Features(Tensor values, Tensor lengths) {}
