package org.rnnt4j.text.tokenizer.normalize;

import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SentencePiece's precompiled normalisation map ({@code NormalizerSpec.precompiled_charsmap}): a
 * little-endian uint32 trie size, a {@link DoubleArrayTrie} whose keys are source byte strings,
 * then a blob of NUL-terminated replacement strings; a key's trie value is the offset of its
 * replacement.
 *
 * <p>Mirrors {@code Normalizer::DecodePrecompiledCharsMap} and the trie part of {@code
 * Normalizer::NormalizePrefix}: the longest source string that prefixes the input wins.
 */
public final class PrecompiledCharsMap {
  /** SentencePiece's {@code Normalizer::kMaxTrieResultsSize}. */
  private static final int MAX_TRIE_RESULTS = 32;

  private final DoubleArrayTrie trie;
  private final byte[] normalized;

  /**
   * @throws IllegalArgumentException when the blob is broken (too short or the trie size overruns
   *     it)
   */
  PrecompiledCharsMap(byte[] blob) {
    if (blob.length <= 4) {
      throw new IllegalArgumentException(
          "precompiled charsmap is broken: " + blob.length + " bytes, expected more than 4");
    }
    long trieSize =
        ByteBuffer.wrap(blob, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    if (trieSize >= blob.length) {
      throw new IllegalArgumentException(
          "precompiled charsmap is broken: trie size "
              + trieSize
              + " exceeds the blob of "
              + blob.length
              + " bytes");
    }
    trie = new DoubleArrayTrie(blob, 4, (int) trieSize);
    normalized = new byte[blob.length - 4 - (int) trieSize];
    System.arraycopy(blob, 4 + (int) trieSize, normalized, 0, normalized.length);
  }

  /**
   * The longest rule matching {@code input[from, to)}: {@code (sourceLength << 32) |
   * replacementOffset}, or -1 when no rule matches.
   */
  long longestMatch(byte[] input, int from, int to) {
    return trie.longestPrefix(input, from, to, MAX_TRIE_RESULTS);
  }

  /** The length of the NUL-terminated replacement string at {@code offset}. */
  int replacementLength(int offset) {
    int end = offset;
    while (end < normalized.length && normalized[end] != 0) {
      end++;
    }
    return end - offset;
  }

  byte[] replacementBlob() {
    return normalized;
  }
}
