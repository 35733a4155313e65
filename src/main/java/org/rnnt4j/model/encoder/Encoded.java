package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;

/**
 * Encoder output with its valid lengths.
 *
 * @param values (B, H, T') float32; frames beyond a length are not zeroed (NeMo does not either)
 * @param lengths (B) int64
 */
public record Encoded(Tensor values, Tensor lengths) {}
