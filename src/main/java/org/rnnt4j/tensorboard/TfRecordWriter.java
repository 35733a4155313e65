package org.rnnt4j.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TensorFlow's TFRecord framing, the container of TensorBoard event files: each record is its length
 * (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the
 * data (tensorflow/core/lib/io/record_writer.cc). The mask rotates the checksum right by 15 bits and adds
 * 0xa282ead8, so that a CRC of bytes that hold CRCs stays well distributed.
 */
final class TfRecordWriter {
  private static final int MASK_DELTA = 0xa282ead8;

  private final OutputStream out;

  TfRecordWriter(OutputStream out) {
    this.out = out;
  }

  void write(byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    out.write(header.array());
    out.write(data);
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc(data, 0, data.length));
    out.write(footer.array());
  }

  static int maskedCrc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }
}
