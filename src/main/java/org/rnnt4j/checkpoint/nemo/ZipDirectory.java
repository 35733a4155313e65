package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.rnnt4j.util.FormatException;

/**
 * The central directory of a zip archive read straight from a {@link ByteSource}, as PyTorch's
 * {@code PyTorchStreamReader} (miniz) reads {@code torch.save} files: stored records are handed out
 * as slices of the source (memory-mapped for files, never copied), deflated ones are inflated.
 *
 * <p>Only what torch checkpoints use is supported: one disk, zip64 end records and extra fields,
 * stored or deflated entries. Every record's CRC-32 is verified, so a truncated or corrupted
 * checkpoint fails here with the file's name instead of producing wrong weights.
 */
final class ZipDirectory {
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int EOCD_SIZE = 22;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final long U32_MAX = 0xFFFFFFFFL;

  /** One record of the central directory. */
  record Entry(
      String name, int method, long crc, long compressedSize, long size, long localHeaderOffset) {}

  private final String file;
  private final ByteSource source;
  private final Map<String, Entry> entries;

  private ZipDirectory(String file, ByteSource source, Map<String, Entry> entries) {
    this.file = file;
    this.source = source;
    this.entries = entries;
  }

  /**
   * Parses the central directory of {@code source}.
   *
   * @param file name of the archive for error messages
   * @throws FormatException if it is not a zip archive or is truncated
   */
  static ZipDirectory read(String file, ByteSource source) throws IOException {
    try {
      return parse(file, source);
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
      throw new FormatException(
          file, "zip structure points past the end of the file (truncated?)", e);
    }
  }

  private static ZipDirectory parse(String file, ByteSource source) throws IOException {
    long size = source.size();
    if (size < EOCD_SIZE) {
      throw new FormatException(file, "is " + size + " bytes long, too short for a zip archive");
    }
    int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
    ByteBuffer tail = source.slice(size - tailLength, tailLength);
    int eocd = -1;
    for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
      if (tail.getInt(i) == EOCD_SIGNATURE
          && i + EOCD_SIZE + Short.toUnsignedInt(tail.getShort(i + 20)) == tailLength) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new FormatException(
          file, "no zip end-of-central-directory record: not a torch.save zip file, or truncated");
    }
    long eocdOffset = size - tailLength + eocd;
    long count = Short.toUnsignedInt(tail.getShort(eocd + 10));
    long directorySize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
    long directoryOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
    if (eocdOffset >= 20) {
      ByteBuffer locator = source.slice(eocdOffset - 20, 20);
      if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
        long zip64Offset = locator.getLong(8);
        ByteBuffer record = source.slice(zip64Offset, 56);
        if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
          throw new FormatException(
              file, "zip64 end-of-central-directory record is missing at " + zip64Offset);
        }
        count = record.getLong(32);
        directorySize = record.getLong(40);
        directoryOffset = record.getLong(48);
      }
    }
    if (directoryOffset > size
        || directorySize > size - directoryOffset
        || directorySize > Integer.MAX_VALUE) {
      throw new FormatException(
          file,
          "central directory ["
              + directoryOffset
              + ", +"
              + directorySize
              + ") lies outside the "
              + size
              + "-byte file (truncated?)");
    }
    ByteBuffer directory = source.slice(directoryOffset, (int) directorySize);
    Map<String, Entry> entries = new LinkedHashMap<>();
    int p = 0;
    for (long i = 0; i < count; i++) {
      if (directory.getInt(p) != CENTRAL_SIGNATURE) {
        throw new FormatException(file, "central directory record " + i + " has a bad signature");
      }
      int flags = Short.toUnsignedInt(directory.getShort(p + 8));
      int method = Short.toUnsignedInt(directory.getShort(p + 10));
      long crc = Integer.toUnsignedLong(directory.getInt(p + 16));
      long compressedSize = Integer.toUnsignedLong(directory.getInt(p + 20));
      long uncompressedSize = Integer.toUnsignedLong(directory.getInt(p + 24));
      int nameLength = Short.toUnsignedInt(directory.getShort(p + 28));
      int extraLength = Short.toUnsignedInt(directory.getShort(p + 30));
      int commentLength = Short.toUnsignedInt(directory.getShort(p + 32));
      long localOffset = Integer.toUnsignedLong(directory.getInt(p + 42));
      Charset charset = (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
      String name = charset.decode(directory.slice(p + 46, nameLength)).toString();
      // zip64 extra field: the 8-byte values replace, in this order, those stored as 0xFFFFFFFF.
      ByteBuffer extra =
          directory.slice(p + 46 + nameLength, extraLength).order(ByteOrder.LITTLE_ENDIAN);
      while (extra.remaining() >= 4) {
        int id = Short.toUnsignedInt(extra.getShort());
        int length = Short.toUnsignedInt(extra.getShort());
        ByteBuffer field = extra.slice(extra.position(), length).order(ByteOrder.LITTLE_ENDIAN);
        extra.position(extra.position() + length);
        if (id == 0x0001) {
          if (uncompressedSize == U32_MAX) {
            uncompressedSize = field.getLong();
          }
          if (compressedSize == U32_MAX) {
            compressedSize = field.getLong();
          }
          if (localOffset == U32_MAX) {
            localOffset = field.getLong();
          }
        }
      }
      entries.put(
          name, new Entry(name, method, crc, compressedSize, uncompressedSize, localOffset));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return new ZipDirectory(file, source, Collections.unmodifiableMap(entries));
  }

  /** Entry names in central-directory order. */
  List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  boolean contains(String name) {
    return entries.containsKey(name);
  }

  /**
   * The bytes of the entry {@code name}, CRC-checked: a slice of the source for stored entries.
   *
   * @throws FormatException if the entry is missing, truncated, corrupt or uses another compression
   */
  ByteBuffer read(String name) throws IOException {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new FormatException(file, "has no record '" + name + "'");
    }
    try {
      return verified(entry, rawData(entry));
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
      throw new FormatException(
          file, "record '" + name + "' extends past the end of the file (truncated?)", e);
    }
  }

  private ByteBuffer rawData(Entry entry) throws IOException {
    ByteBuffer local = source.slice(entry.localHeaderOffset(), 30);
    if (local.getInt(0) != LOCAL_SIGNATURE) {
      throw new FormatException(
          file,
          "record '" + entry.name() + "' has no local header at " + entry.localHeaderOffset());
    }
    long dataOffset =
        entry.localHeaderOffset()
            + 30
            + Short.toUnsignedInt(local.getShort(26))
            + Short.toUnsignedInt(local.getShort(28));
    if (entry.compressedSize() > Integer.MAX_VALUE || entry.size() > Integer.MAX_VALUE) {
      throw new FormatException(
          file,
          "record '"
              + entry.name()
              + "' is "
              + entry.size()
              + " bytes, over the 2 GiB a single tensor storage may have here");
    }
    ByteBuffer data = source.slice(dataOffset, (int) entry.compressedSize());
    return switch (entry.method()) {
      case 0 -> data;
      case 8 -> inflate(entry, data);
      default ->
          throw new FormatException(
              file,
              "record '"
                  + entry.name()
                  + "' uses zip compression method "
                  + entry.method()
                  + ", expected 0 (stored) or 8 (deflate)");
    };
  }

  private ByteBuffer inflate(Entry entry, ByteBuffer compressed) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(compressed.duplicate());
      byte[] out = new byte[(int) entry.size()];
      int filled = 0;
      while (filled < out.length && !inflater.finished()) {
        int n = inflater.inflate(out, filled, out.length - filled);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        filled += n;
      }
      if (filled != out.length) {
        throw new FormatException(
            file,
            "record '"
                + entry.name()
                + "' inflates to "
                + filled
                + " bytes, expected "
                + entry.size());
      }
      return ByteBuffer.wrap(out).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    } catch (DataFormatException e) {
      throw new FormatException(file, "record '" + entry.name() + "' is not valid deflate data", e);
    } finally {
      inflater.end();
    }
  }

  private ByteBuffer verified(Entry entry, ByteBuffer data) {
    if (data.remaining() != entry.size()) {
      throw new FormatException(
          file,
          "record '"
              + entry.name()
              + "' holds "
              + data.remaining()
              + " bytes, expected "
              + entry.size());
    }
    CRC32 crc = new CRC32();
    crc.update(data.duplicate());
    if (crc.getValue() != entry.crc()) {
      throw new FormatException(
          file,
          String.format(
              "record '%s' is corrupt: CRC-32 %08x, expected %08x",
              entry.name(), crc.getValue(), entry.crc()));
    }
    return data.order(ByteOrder.LITTLE_ENDIAN);
  }
}
