package org.rnnt4j.text.tokenizer.normalize;

import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SentencePiece's text normalizer ({@code normalizer::Normalizer::Normalize}): maps the input
 * through the precompiled character map (longest match first), optionally drops leading, trailing
 * and repeated spaces, adds the dummy-prefix space and escapes spaces as {@code ▁}.
 *
 * <p>Works on UTF-8 bytes because the character map's trie is keyed by bytes; a malformed byte
 * becomes U+FFFD, as in the C++ code. User-defined symbols (the prefix matcher) pass through
 * unmapped.
 */
public final class Normalizer {
  private static final byte[] SPACE_SYMBOL = Utf8.SPACE_SYMBOL.getBytes(StandardCharsets.UTF_8);
  private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SPACE = {' '};

  private final PrecompiledCharsMap charsMap;
  private final boolean addDummyPrefix;
  private final boolean removeExtraWhitespaces;
  private final boolean escapeWhitespaces;
  private final boolean treatWhitespaceAsSuffix;
  private final PrefixMatcher userSymbols;

  /**
   * @param userDefinedSymbols symbols kept verbatim (the model's USER_DEFINED pieces)
   * @throws IllegalArgumentException when the spec's character map is broken
   */
  public Normalizer(
      NormalizerSpec spec, boolean treatWhitespaceAsSuffix, List<String> userDefinedSymbols) {
    byte[] blob = spec.precompiledCharsmap();
    this.charsMap = blob.length == 0 ? null : new PrecompiledCharsMap(blob);
    this.addDummyPrefix = spec.addDummyPrefix();
    this.removeExtraWhitespaces = spec.removeExtraWhitespaces();
    this.escapeWhitespaces = spec.escapeWhitespaces();
    this.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
    this.userSymbols = new PrefixMatcher(userDefinedSymbols);
  }

  /**
   * Normalizes {@code text}; the empty string and all-space input give "". A lone surrogate in the
   * Java string is encoded by Java as '?' (Python would refuse such a string).
   */
  public String normalize(String text) {
    return normalize(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Normalizes UTF-8 bytes; malformed bytes become U+FFFD one byte at a time. */
  public String normalize(byte[] in) {
    int pos = 0;
    if (removeExtraWhitespaces) {
      while (pos < in.length) {
        Unit u = normalizePrefix(in, pos);
        if (!(u.end - u.start == 1 && u.bytes[u.start] == ' ')) {
          break;
        }
        pos += u.consumed;
      }
    }
    if (pos >= in.length) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3);
    if (!treatWhitespaceAsSuffix && addDummyPrefix) {
      out.writeBytes(escapeWhitespaces ? SPACE_SYMBOL : SPACE);
    }
    boolean isPrevSpace = removeExtraWhitespaces;
    while (pos < in.length) {
      Unit u = normalizePrefix(in, pos);
      int start = u.start;
      // After a space, further spaces at the head of this unit are dropped (only when removing).
      while (isPrevSpace && start < u.end && u.bytes[start] == ' ') {
        start++;
      }
      if (start < u.end) {
        for (int i = start; i < u.end; i++) {
          if (escapeWhitespaces && u.bytes[i] == ' ') {
            out.writeBytes(SPACE_SYMBOL);
          } else {
            out.write(u.bytes[i]);
          }
        }
        isPrevSpace = u.bytes[u.end - 1] == ' ';
      }
      pos += u.consumed;
      if (!removeExtraWhitespaces) {
        isPrevSpace = false;
      }
    }
    byte[] result = out.toByteArray();
    int size = result.length;
    if (removeExtraWhitespaces) {
      byte[] space = escapeWhitespaces ? SPACE_SYMBOL : SPACE;
      while (endsWith(result, size, space)) {
        size -= space.length;
      }
    }
    String normalized = new String(result, 0, size, StandardCharsets.UTF_8);
    if (treatWhitespaceAsSuffix && addDummyPrefix) {
      normalized += escapeWhitespaces ? Utf8.SPACE_SYMBOL : " ";
    }
    return normalized;
  }

  private static boolean endsWith(byte[] s, int size, byte[] suffix) {
    if (size < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (s[size - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  /** One normalisation step: {@code consumed} input bytes become {@code bytes[start, end)}. */
  private record Unit(byte[] bytes, int start, int end, int consumed) {}

  /**
   * {@code Normalizer::NormalizePrefix}: user symbol, else longest map rule, else one character.
   */
  private Unit normalizePrefix(byte[] in, int pos) {
    int userMatch = userSymbols.longestMatch(in, pos, in.length);
    if (userMatch > 0) {
      return new Unit(in, pos, pos + userMatch, userMatch);
    }
    if (charsMap != null) {
      long match = charsMap.longestMatch(in, pos, in.length);
      if (match >= 0) {
        int offset = (int) match;
        int end = offset + charsMap.replacementLength(offset);
        return new Unit(charsMap.replacementBlob(), offset, end, (int) (match >>> 32));
      }
    }
    int charLen = Utf8.validCharLength(in, pos, in.length);
    if (charLen == 0) {
      return new Unit(REPLACEMENT, 0, REPLACEMENT.length, 1);
    }
    return new Unit(in, pos, pos + charLen, charLen);
  }
}
