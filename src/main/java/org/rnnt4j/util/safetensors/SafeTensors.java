package org.rnnt4j.util.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * Reads and writes the safetensors format of Hugging Face's {@code safetensors} library, the format
 * of NeMo/HF weight exports and of rnnt4j's golden fixtures.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length {@code N}; {@code N} bytes of UTF-8
 * JSON (written padded with spaces to a multiple of 8) mapping each tensor name to {@code {"dtype",
 * "shape", "data_offsets": [begin, end]}}, plus an optional {@code "__metadata__"} object of
 * strings; then the data section, offsets relative to its start, each tensor row-major and
 * little-endian.
 *
 * <p>Reading memory-maps the data section (per tensor when it exceeds 2 GiB), so opening a large
 * file costs no copy and no heap. Every malformed file is a {@link FormatException} naming the
 * file.
 */
public final class SafeTensors {
  /** Same bound as the reference implementation: a larger header is taken as corruption. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final String METADATA_KEY = "__metadata__";

  private SafeTensors() {}

  /** Reads {@code file}; the returned tensors view a read-only mapping of it. */
  public static SafeTensorsFile read(Path file) {
    String name = file.toString();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new FormatException(
            name,
            "file has " + size + " bytes; a safetensors file starts with an 8-byte header length");
      }
      long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
        throw new FormatException(
            name,
            "header length "
                + Long.toUnsignedString(headerLength)
                + " does not fit the file ("
                + size
                + " bytes; expected 2.."
                + Math.min(MAX_HEADER_BYTES, size - 8)
                + ") - truncated or not a safetensors file");
      }
      ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength);
      long dataStart = 8 + headerLength;
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      parseHeader(name, headerBytes, size - dataStart, entries, metadata);
      checkNoOverlap(name, entries);
      Map<String, NamedArray> tensors =
          mapTensors(channel, dataStart, size - dataStart, entries, name);
      return new SafeTensorsFile(file, tensors, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code tensors} (in map order) and {@code metadata} to {@code file} atomically: a reader
   * sees the old file or the complete new one.
   */
  public static void write(
      Path file, Map<String, NamedArray> tensors, Map<String, String> metadata) {
    byte[] headerBytes = header(tensors, metadata);
    AtomicFiles.write(file, out -> writeTo(out, headerBytes, tensors));
  }

  /** The bytes {@link #write} would put in a file, for formats that embed a safetensors payload. */
  public static byte[] toBytes(Map<String, NamedArray> tensors, Map<String, String> metadata) {
    byte[] headerBytes = header(tensors, metadata);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      writeTo(out, headerBytes, tensors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses safetensors content held in memory (see {@link #toBytes}); {@code name} is what errors call
   * it. The tensors view a copy of {@code bytes}.
   */
  public static SafeTensorsFile fromBytes(byte[] bytes, String name) {
    if (bytes.length < 8) {
      throw new FormatException(name, bytes.length + " bytes; safetensors content starts with an 8-byte header length");
    }
    ByteBuffer all = ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = all.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8) {
      throw new FormatException(
          name, "header length " + Long.toUnsignedString(headerLength) + " does not fit the " + bytes.length + " bytes");
    }
    ByteBuffer headerBytes = ByteBuffer.wrap(Arrays.copyOfRange(bytes, 8, 8 + (int) headerLength));
    int dataStart = 8 + (int) headerLength;
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    parseHeader(name, headerBytes, bytes.length - dataStart, entries, metadata);
    checkNoOverlap(name, entries);
    Map<String, NamedArray> tensors = new LinkedHashMap<>();
    for (Entry e : entries) {
      tensors.put(e.name(), new NamedArray(e.dtype(), e.shape(), all.slice(dataStart + (int) e.begin(), (int) (e.end() - e.begin()))));
    }
    return new SafeTensorsFile(Path.of(name), tensors, metadata);
  }

  private static byte[] header(Map<String, NamedArray> tensors, Map<String, String> metadata) {
    Checks.notNull(tensors, "tensors");
    Checks.notNull(metadata, "metadata");
    ObjectNode header = Json.mapper().createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA_KEY);
      metadata.forEach(
          (key, value) ->
              meta.put(
                  Checks.notNull(key, "metadata key"), Checks.notNull(value, "metadata value")));
    }
    long offset = 0;
    for (Map.Entry<String, NamedArray> e : tensors.entrySet()) {
      String tensorName = Checks.notNull(e.getKey(), "tensor name");
      Checks.argument(
          !tensorName.isEmpty() && !tensorName.equals(METADATA_KEY),
          "tensor name must be non-empty and not %s, got '%s'",
          METADATA_KEY,
          tensorName);
      NamedArray array = Checks.notNull(e.getValue(), "tensor " + tensorName);
      long bytes = array.data().remaining();
      ObjectNode entry = header.putObject(tensorName);
      entry.put("dtype", array.dtype().name());
      ArrayNode shape = entry.putArray("shape");
      for (long d : array.shape()) {
        shape.add(d);
      }
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    return paddedHeader(header);
  }

  private static void writeTo(OutputStream out, byte[] headerBytes, Map<String, NamedArray> tensors) throws IOException {
    byte[] length = new byte[8];
    ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
    out.write(length);
    out.write(headerBytes);
    for (NamedArray array : tensors.values()) {
      copy(array.data(), out);
    }
  }

  /** A tensor's entry in the header, before its bytes are mapped. */
  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  private static void parseHeader(
      String file,
      ByteBuffer bytes,
      long dataLength,
      List<Entry> entries,
      Map<String, String> metadata) {
    JsonNode root;
    try {
      root =
          Json.mapper()
              .reader()
              .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .readTree(bytes.array(), bytes.arrayOffset(), bytes.remaining());
    } catch (JsonProcessingException e) {
      throw new FormatException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new FormatException(file, "header is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FormatException(file, "header must be a JSON object, got " + describe(root));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals(METADATA_KEY)) {
        parseMetadata(file, field.getValue(), metadata);
      } else {
        entries.add(parseEntry(file, field.getKey(), field.getValue(), dataLength));
      }
    }
  }

  private static void parseMetadata(String file, JsonNode node, Map<String, String> metadata) {
    if (!node.isObject()) {
      throw new FormatException(
          file, METADATA_KEY + " must be an object of strings, got " + describe(node));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isTextual()) {
        throw new FormatException(
            file,
            METADATA_KEY
                + "."
                + field.getKey()
                + " must be a string, got "
                + describe(field.getValue()));
      }
      metadata.put(field.getKey(), field.getValue().textValue());
    }
  }

  private static Entry parseEntry(String file, String name, JsonNode node, long dataLength) {
    String where = "tensor '" + name + "': ";
    if (!node.isObject()) {
      throw new FormatException(file, where + "entry must be an object, got " + describe(node));
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new FormatException(file, where + "missing or non-string \"dtype\"");
    }
    DType dtype =
        DType.fromHeaderName(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    new FormatException(
                        file,
                        where
                            + "unknown dtype '"
                            + dtypeNode.textValue()
                            + "'; supported: "
                            + DType.acceptedNames()));
    long[] shape = nonNegativeLongs(file, where, node.get("shape"), "shape", -1);
    long[] offsets = nonNegativeLongs(file, where, node.get("data_offsets"), "data_offsets", 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end || end > dataLength) {
      throw new FormatException(
          file,
          where
              + "data_offsets ["
              + begin
              + ", "
              + end
              + "] lie outside the data section of "
              + dataLength
              + " bytes (file truncated?)");
    }
    long expected;
    try {
      expected = Math.multiplyExact(NamedArray.elementCount(shape), (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new FormatException(file, where + "shape " + Arrays.toString(shape) + " overflows", e);
    }
    if (end - begin != expected) {
      throw new FormatException(
          file,
          where
              + "data_offsets span "
              + (end - begin)
              + " bytes, expected "
              + expected
              + " for "
              + dtype
              + " "
              + Arrays.toString(shape));
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static long[] nonNegativeLongs(
      String file, String where, JsonNode node, String key, int length) {
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      throw new FormatException(
          file,
          where
              + "\""
              + key
              + "\" must be an array"
              + (length >= 0 ? " of " + length + " integers" : " of integers")
              + ", got "
              + describe(node));
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode value = node.get(i);
      if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
        throw new FormatException(
            file,
            where + "\"" + key + "\"[" + i + "] must be a non-negative integer, got " + value);
      }
      out[i] = value.longValue();
    }
    return out;
  }

  private static void checkNoOverlap(String file, List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    for (int i = 1; i < sorted.size(); i++) {
      Entry previous = sorted.get(i - 1);
      Entry current = sorted.get(i);
      if (current.begin() < previous.end()) {
        throw new FormatException(
            file,
            "tensors '"
                + previous.name()
                + "' and '"
                + current.name()
                + "' overlap in the data section");
      }
    }
  }

  private static Map<String, NamedArray> mapTensors(
      FileChannel channel, long dataStart, long dataLength, List<Entry> entries, String file)
      throws IOException {
    Map<String, NamedArray> tensors = new LinkedHashMap<>();
    ByteBuffer whole =
        dataLength <= Integer.MAX_VALUE
            ? channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLength)
            : null;
    for (Entry e : entries) {
      long length = e.end() - e.begin();
      ByteBuffer bytes;
      if (whole != null) {
        bytes = whole.slice((int) e.begin(), (int) length);
      } else if (length <= Integer.MAX_VALUE) {
        bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), length);
      } else {
        throw new FormatException(
            file,
            "tensor '"
                + e.name()
                + "' has "
                + length
                + " bytes; tensors over 2 GiB are not supported");
      }
      tensors.put(e.name(), new NamedArray(e.dtype(), e.shape(), bytes));
    }
    return tensors;
  }

  private static byte[] paddedHeader(ObjectNode header) {
    byte[] json;
    try {
      json = Json.mapper().writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a safetensors header", e);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }

  private static void copy(ByteBuffer source, OutputStream out) throws IOException {
    if (source.hasArray()) {
      out.write(source.array(), source.arrayOffset() + source.position(), source.remaining());
      return;
    }
    byte[] chunk = new byte[Math.min(1 << 16, source.remaining())];
    while (source.hasRemaining()) {
      int n = Math.min(chunk.length, source.remaining());
      source.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  private static String describe(JsonNode node) {
    return node == null
        ? "nothing"
        : node.getNodeType().toString().toLowerCase() + " " + abbreviate(node.toString());
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
