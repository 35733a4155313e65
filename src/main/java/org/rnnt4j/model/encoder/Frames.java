package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;

/**
 * Time-major frames inside the Conformer encoder, with their valid lengths.
 *
 * @param values (B, T, D) float32
 * @param lengths (B) int64
 */
record Frames(Tensor values, Tensor lengths) {}
