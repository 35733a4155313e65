package org.rnnt4j.decoding;

/**
 * A decoded utterance: token ids (no blanks), the encoder frame of each token, and the sum of the
 * emitted tokens' log-probabilities.
 */
public record Hypothesis(int[] tokens, int[] timestamps, double score) {}
