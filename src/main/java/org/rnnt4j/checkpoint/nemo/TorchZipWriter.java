package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip archive with the exact record layout of PyTorch's {@code PyTorchStreamWriter}
 * ({@code caffe2/serialize/inline_container.cc}, which drives miniz):
 *
 * <ul>
 *   <li>every record stored (uncompressed) under {@code <prefix>/}, with zero time/date, version
 *       fields 0 and flags {@code 0x0808} (UTF-8 names, sizes in a data descriptor after the data);
 *   <li>the data of every record aligned to 64 bytes by a local extra field {@code "FB"} whose
 *       payload is {@code 'Z'} padding, so that loaders can map tensors in place;
 *   <li>a 16-byte data descriptor {@code PK\7\8, crc, size, size} after each record;
 *   <li>the central directory, then a zip64 end record and locator (miniz runs with {@code
 *       MZ_ZIP_FLAG_WRITE_ZIP64}), then the classic end record.
 * </ul>
 *
 * Archives over 4 GiB would need zip64 local fields, which are not written: such a write fails
 * cleanly.
 */
final class TorchZipWriter {
  private static final int ALIGNMENT = 64;
  private static final long U32_MAX = 0xFFFFFFFFL;

  private record Written(byte[] name, long crc, long size, long offset) {}

  private final OutputStream out;
  private final WritableByteChannel channel;
  private final String prefix;
  private final List<Written> records = new ArrayList<>();
  private long position;

  /**
   * @param prefix the folder every record is written under, e.g. {@code model_weights}
   */
  TorchZipWriter(OutputStream out, String prefix) {
    this.out = out;
    this.channel = Channels.newChannel(out);
    this.prefix = prefix;
  }

  /** Writes the record {@code <prefix>/<name>} holding the remaining bytes of {@code data}. */
  void writeRecord(String name, ByteBuffer data) throws IOException {
    byte[] fullName = (prefix + "/" + name).getBytes(StandardCharsets.UTF_8);
    long size = data.remaining();
    if (position >= U32_MAX || size >= U32_MAX) {
      throw new IOException(
          "torch zip records beyond 4 GiB (zip64) are not supported; record "
              + name
              + " would start at "
              + position);
    }
    CRC32 crc = new CRC32();
    crc.update(data.duplicate());
    int padding = padding(position, fullName.length);

    ByteBuffer header = little(30 + fullName.length + 4 + padding);
    header.putInt(0x04034b50).putShort((short) 0).putShort((short) 0x0808).putShort((short) 0);
    header.putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
    header.putShort((short) fullName.length).putShort((short) (4 + padding)).put(fullName);
    header.put((byte) 'F').put((byte) 'B').putShort((short) padding);
    for (int i = 0; i < padding; i++) {
      header.put((byte) 'Z');
    }
    long offset = position;
    emit(header);
    write(data.duplicate());
    emit(
        little(16)
            .putInt(0x08074b50)
            .putInt((int) crc.getValue())
            .putInt((int) size)
            .putInt((int) size));
    records.add(new Written(fullName, crc.getValue(), size, offset));
  }

  /** Writes the central directory and end records, and flushes. */
  void finish() throws IOException {
    long directoryStart = position;
    for (Written record : records) {
      ByteBuffer entry = little(46 + record.name().length);
      entry
          .putInt(0x02014b50)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0x0808)
          .putShort((short) 0);
      entry
          .putShort((short) 0)
          .putShort((short) 0)
          .putInt((int) record.crc())
          .putInt((int) record.size())
          .putInt((int) record.size());
      entry
          .putShort((short) record.name().length)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0);
      entry.putShort((short) 0).putInt(0).putInt((int) record.offset()).put(record.name());
      emit(entry);
    }
    long directorySize = position - directoryStart;
    long zip64Start = position;
    ByteBuffer zip64 =
        little(56).putInt(0x06064b50).putLong(44).putShort((short) 0x031e).putShort((short) 45);
    zip64
        .putInt(0)
        .putInt(0)
        .putLong(records.size())
        .putLong(records.size())
        .putLong(directorySize)
        .putLong(directoryStart);
    emit(zip64);
    emit(little(20).putInt(0x07064b50).putInt(0).putLong(zip64Start).putInt(1));
    ByteBuffer end = little(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    short count = (short) Math.min(records.size(), 0xFFFF);
    end.putShort(count)
        .putShort(count)
        .putInt((int) directorySize)
        .putInt((int) directoryStart)
        .putShort((short) 0);
    emit(end);
    out.flush();
  }

  /**
   * PyTorch's {@code getPadding}: 'Z' bytes that bring the data after the 4-byte "FB" header to 64.
   */
  static int padding(long recordStart, int nameLength) {
    long dataStart = recordStart + 30 + nameLength + 4;
    return (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
  }

  private static ByteBuffer little(int capacity) {
    return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Writes a buffer just filled with puts. */
  private void emit(ByteBuffer filled) throws IOException {
    write(filled.flip());
  }

  private void write(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      position += channel.write(buffer);
    }
  }
}
