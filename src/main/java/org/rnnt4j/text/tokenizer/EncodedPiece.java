package org.rnnt4j.text.tokenizer;

/**
 * One segment produced by a segmenter: the piece text (a substring of the normalized input) and its
 * id.
 */
public record EncodedPiece(String piece, int id) {}
