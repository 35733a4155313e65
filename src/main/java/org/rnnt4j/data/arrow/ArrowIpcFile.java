package org.rnnt4j.data.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;
import org.rnnt4j.util.DataException;

/**
 * An Arrow IPC file as Hugging Face {@code datasets} writes it ({@code save_to_disk}, and its own cache):
 * the streaming format (continuation marker, flatbuffer message, 8-byte aligned body), or the random-access
 * file format ({@code ARROW1} magic around the same messages). Opening reads only the message headers;
 * record batch bodies are memory-mapped on first use, as {@code datasets} memory-maps its tables, so a
 * split larger than the heap can be read row by row. Compressed bodies and dictionary-encoded columns are
 * refused with a clear error (neither {@code datasets} nor Arrow JS writes them by default).
 */
public final class ArrowIpcFile implements AutoCloseable {
  private static final int CONTINUATION = 0xFFFFFFFF;
  private static final byte[] MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

  /** Where one record batch's body is and how its field nodes and buffers are laid out. */
  private record BatchLayout(long bodyOffset, long bodyLength, int rows, long[][] nodes, long[][] buffers) {}

  private final Path path;
  private final FileChannel channel;
  private final List<ArrowField> fields;
  private final Map<String, String> metadata;
  private final List<BatchLayout> batches;
  private final ArrowBatch[] mapped;

  private ArrowIpcFile(Path path, FileChannel channel, List<ArrowField> fields, Map<String, String> metadata, List<BatchLayout> batches) {
    this.path = path;
    this.channel = channel;
    this.fields = fields;
    this.metadata = metadata;
    this.batches = batches;
    this.mapped = new ArrowBatch[batches.size()];
  }

  /** @throws DataException when the file is not Arrow IPC, is truncated, or uses compression or dictionaries */
  public static ArrowIpcFile open(Path path) {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new DataException(path, "cannot open Arrow file: " + e.getMessage(), e);
    }
    try {
      return read(path, channel);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static ArrowIpcFile read(Path path, FileChannel channel) {
    try {
      long size = channel.size();
      long position = 0;
      ByteBuffer head = readAt(channel, 0, (int) Math.min(8, size));
      if (head.remaining() >= 6 && startsWithMagic(head)) {
        position = 8; // file format: the stream follows the 8-byte padded magic
      }
      Schema schema = null;
      List<BatchLayout> batches = new ArrayList<>();
      while (position + 4 <= size) {
        int length = readAt(channel, position, 4).getInt();
        position += 4;
        if (length == CONTINUATION) {
          if (position + 4 > size) {
            break;
          }
          length = readAt(channel, position, 4).getInt();
          position += 4;
        }
        if (length == 0) {
          break; // end-of-stream marker
        }
        if (length < 0 || position + length > size) {
          throw new DataException(path, "truncated Arrow message at byte " + (position - 4) + " (metadata of " + length + " bytes, file of " + size + ")");
        }
        Message message = Message.getRootAsMessage(readAt(channel, position, length));
        position += length;
        long bodyOffset = position;
        long bodyLength = message.bodyLength();
        if (bodyOffset + bodyLength > size) {
          throw new DataException(path, "truncated Arrow message body at byte " + bodyOffset + " (" + bodyLength + " bytes, file of " + size + ")");
        }
        position += bodyLength;
        switch (message.headerType()) {
          case MessageHeader.Schema -> schema = (Schema) message.header(new Schema());
          case MessageHeader.RecordBatch -> {
            if (schema == null) {
              throw new DataException(path, "record batch before the schema message");
            }
            batches.add(layout(path, (RecordBatch) message.header(new RecordBatch()), bodyOffset, bodyLength, batches.size()));
          }
          case MessageHeader.DictionaryBatch -> throw new DataException(path, "dictionary-encoded columns are not supported");
          default -> throw new DataException(path, "unexpected Arrow message type " + MessageHeader.name(message.headerType()));
        }
      }
      if (schema == null) {
        throw new DataException(path, "not an Arrow IPC file: no schema message (expected the streaming format that datasets.save_to_disk writes)");
      }
      return new ArrowIpcFile(path, channel, ArrowSchemas.fields(schema), ArrowSchemas.metadata(schema), List.copyOf(batches));
    } catch (IOException e) {
      throw new DataException(path, "cannot read Arrow file: " + e.getMessage(), e);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new DataException(path, "malformed Arrow message: " + e, e);
    }
  }

  private static BatchLayout layout(Path path, RecordBatch batch, long bodyOffset, long bodyLength, int index) {
    if (batch.compression() != null) {
      throw new DataException(path, "record batch " + index + " is compressed; only uncompressed Arrow IPC is supported");
    }
    if (batch.length() > Integer.MAX_VALUE || bodyLength > Integer.MAX_VALUE) {
      throw new DataException(path, "record batch " + index + " is larger than 2 GiB");
    }
    long[][] nodes = new long[batch.nodesLength()][];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = new long[] {batch.nodes(i).length(), batch.nodes(i).nullCount()};
    }
    long[][] buffers = new long[batch.buffersLength()][];
    for (int i = 0; i < buffers.length; i++) {
      long offset = batch.buffers(i).offset();
      long length = batch.buffers(i).length();
      if (offset < 0 || length < 0 || offset + length > bodyLength) {
        throw new DataException(path, "record batch " + index + ": buffer " + i + " [" + offset + ", +" + length + ") outside its body of " + bodyLength + " bytes");
      }
      buffers[i] = new long[] {offset, length};
    }
    return new BatchLayout(bodyOffset, bodyLength, (int) batch.length(), nodes, buffers);
  }

  public Path path() {
    return path;
  }

  public List<ArrowField> fields() {
    return fields;
  }

  /** The schema's key-value metadata ({@code datasets} stores its features JSON under {@code huggingface}). */
  public Map<String, String> metadata() {
    return metadata;
  }

  public int batchCount() {
    return batches.size();
  }

  public int rows(int batch) {
    return batches.get(batch).rows();
  }

  public long totalRows() {
    return batches.stream().mapToLong(BatchLayout::rows).sum();
  }

  /** A record batch, its body memory-mapped on first use and kept mapped until the file is closed. */
  public synchronized ArrowBatch batch(int index) {
    if (mapped[index] == null) {
      BatchLayout b = batches.get(index);
      ByteBuffer body;
      try {
        body = channel.map(FileChannel.MapMode.READ_ONLY, b.bodyOffset(), b.bodyLength()).order(ByteOrder.LITTLE_ENDIAN);
      } catch (IOException e) {
        throw new DataException(path, "cannot map record batch " + index + ": " + e.getMessage(), e);
      }
      mapped[index] = ArrowBatch.of(path, index, fields, b.rows(), b.nodes(), b.buffers(), body);
    }
    return mapped[index];
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }

  private static boolean startsWithMagic(ByteBuffer head) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (head.get(i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was written
    }
  }
}
