package org.rnnt4j.nn;

/**
 * Marks the normalisation layers ({@link LayerNorm}, {@link BatchNorm1d}), whose scale and shift the
 * optimizer exempts from weight decay as Hugging Face's Trainer exempts its {@code ALL_LAYERNORM_LAYERS}:
 * decay pulls a normalisation's gain toward 0, which is not the regularisation weight decay means.
 */
public interface Normalization {}
