package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.normalize.Normalizer;
import org.rnnt4j.text.tokenizer.normalize.Utf8;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import org.rnnt4j.text.tokenizer.proto.PieceType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns pieces back into text as {@code SentencePieceProcessor::Decode}
 * (sentencepiece_processor.cc): {@code ▁} becomes a space, the dummy-prefix space of the first
 * piece is dropped, control pieces vanish, {@code <unk>} becomes the unk surface (" ⁇ "), and runs
 * of byte pieces {@code <0xNN>} are reassembled into UTF-8, each malformed byte becoming U+FFFD.
 */
public final class PieceDecoder {
  private static final String REPLACEMENT = "\uFFFD";

  private final PieceTable table;
  private final boolean addDummyPrefix;
  private final boolean removeExtraWhitespaces;
  private final String unkSurface;
  private final Normalizer denormalizer;

  /**
   * @param denormalizer applied to the decoded text, or null
   */
  PieceDecoder(PieceTable table, NormalizerSpec spec, String unkSurface, Normalizer denormalizer) {
    this.table = table;
    this.addDummyPrefix = spec.addDummyPrefix();
    this.removeExtraWhitespaces = spec.removeExtraWhitespaces();
    this.unkSurface = unkSurface;
    this.denormalizer = denormalizer;
  }

  String decode(List<String> pieces) {
    StringBuilder text = new StringBuilder();
    ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
    boolean isBosWs = true;
    boolean bosWsSeen = false;
    for (String piece : pieces) {
      int id = table.pieceToId(piece);
      if (table.type(id) == PieceType.BYTE) {
        pendingBytes.write(BytePieces.byteOf(piece));
        continue;
      }
      flushBytes(pendingBytes, text);
      if (bosWsSeen || text.length() > 0) {
        isBosWs = false;
      }
      bosWsSeen = false;
      PieceType type = table.type(id);
      if (type == PieceType.CONTROL) {
        continue;
      }
      if (type == PieceType.UNKNOWN) {
        text.append(table.piece(id).piece().equals(piece) ? unkSurface : piece);
        continue;
      }
      String surface = piece;
      if (isBosWs && (addDummyPrefix || removeExtraWhitespaces)) {
        if (surface.startsWith(Utf8.SPACE_SYMBOL)) {
          surface = surface.substring(Utf8.SPACE_SYMBOL.length());
          // With whitespace removal every leading space goes, so the first-space flag is not set.
          bosWsSeen = !removeExtraWhitespaces;
        }
      }
      text.append(surface.replace(Utf8.SPACE_SYMBOL, " "));
    }
    flushBytes(pendingBytes, text);
    String decoded = text.toString();
    return denormalizer == null ? decoded : denormalizer.normalize(decoded);
  }

  /** Appends the pending byte pieces as UTF-8 characters, U+FFFD per malformed byte. */
  private static void flushBytes(ByteArrayOutputStream pending, StringBuilder text) {
    if (pending.size() == 0) {
      return;
    }
    byte[] bytes = pending.toByteArray();
    pending.reset();
    int offset = 0;
    while (offset < bytes.length) {
      int len = Utf8.validCharLength(bytes, offset, bytes.length);
      if (len == 0) {
        text.append(REPLACEMENT);
        offset += 1;
      } else {
        text.append(new String(bytes, offset, len, StandardCharsets.UTF_8));
        offset += len;
      }
    }
  }
}
