package org.rnnt4j.engine;

/**
 * The result of {@link Tensor#topk}: the largest values along a dimension, largest first, and their
 * int64 indices, both shaped as the input with that dimension cut to k.
 */
public record TopK(Tensor values, Tensor indices) {}
