package org.rnnt4j.text.tokenizer.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.rnnt4j.util.FormatException;

/**
 * The fields of one protobuf (proto2) message kept as raw wire values, so that a typed view such as
 * {@link TrainerSpec} can read the fields it knows while every other field, known or not, survives
 * a read-write round trip.
 *
 * <p>No protoc is available, so SentencePiece's {@code sentencepiece_model.proto} messages are read
 * and written by hand. Proto2 distinguishes "set to the default" from "not set" and the C++ library
 * writes only the fields that were set, in field-number order; keeping the wire entries reproduces
 * both. Values are stored by wire type: varint as {@link Long} (int32 -1 is the 64-bit -1, as C++
 * writes it), fixed32 as {@link Integer}, fixed64 as {@link Long}, length-delimited as {@link
 * ByteString}.
 */
public final class ProtoFields {
  /** One field occurrence on the wire. */
  record Entry(int number, int wireType, Object value) {}

  private static final ProtoFields EMPTY = new ProtoFields(List.of());

  private final List<Entry> entries;

  private ProtoFields(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static ProtoFields empty() {
    return EMPTY;
  }

  /**
   * Parses a serialized message.
   *
   * @param source names the file in error messages
   */
  static ProtoFields parse(ByteString bytes, String source) {
    List<Entry> entries = new ArrayList<>();
    CodedInputStream in = bytes.newCodedInput();
    try {
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        int number = WireFormat.getTagFieldNumber(tag);
        int wireType = WireFormat.getTagWireType(tag);
        Object value =
            switch (wireType) {
              case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
              case WireFormat.WIRETYPE_FIXED64 -> in.readRawLittleEndian64();
              case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readBytes();
              case WireFormat.WIRETYPE_FIXED32 -> in.readRawLittleEndian32();
              default ->
                  throw new FormatException(
                      source,
                      "unsupported protobuf wire type "
                          + wireType
                          + " for field "
                          + number
                          + " (expected varint, fixed32, fixed64 or length-delimited)");
            };
        entries.add(new Entry(number, wireType, value));
      }
    } catch (IOException e) {
      throw new FormatException(source, "not a valid protobuf message: " + e.getMessage(), e);
    }
    return new ProtoFields(entries);
  }

  List<Entry> entries() {
    return entries;
  }

  boolean has(int number) {
    return entries.stream().anyMatch(e -> e.number() == number);
  }

  /** The last occurrence of a singular field (proto semantics), or null. */
  private Entry last(int number) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).number() == number) {
        return entries.get(i);
      }
    }
    return null;
  }

  long varint(int number, long defaultValue) {
    Entry e = last(number);
    return e != null && e.value() instanceof Long v && e.wireType() == WireFormat.WIRETYPE_VARINT
        ? v
        : defaultValue;
  }

  int int32(int number, int defaultValue) {
    return (int) varint(number, defaultValue);
  }

  boolean bool(int number, boolean defaultValue) {
    return varint(number, defaultValue ? 1 : 0) != 0;
  }

  float float32(int number, float defaultValue) {
    Entry e = last(number);
    return e != null && e.wireType() == WireFormat.WIRETYPE_FIXED32
        ? Float.intBitsToFloat((Integer) e.value())
        : defaultValue;
  }

  ByteString bytes(int number, ByteString defaultValue) {
    Entry e = last(number);
    return e != null && e.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED
        ? (ByteString) e.value()
        : defaultValue;
  }

  String string(int number, String defaultValue) {
    ByteString b = bytes(number, null);
    return b == null ? defaultValue : b.toStringUtf8();
  }

  List<ByteString> repeatedBytes(int number) {
    List<ByteString> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.number() == number && e.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        out.add((ByteString) e.value());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** A copy without any occurrence of {@code number}. */
  ProtoFields without(int number) {
    return new ProtoFields(entries.stream().filter(e -> e.number() != number).toList());
  }

  /** A copy where {@code number} is set to the given values, replacing any earlier occurrence. */
  ProtoFields with(int number, int wireType, List<?> values) {
    List<Entry> out = new ArrayList<>(without(number).entries);
    for (Object v : values) {
      out.add(new Entry(number, wireType, v));
    }
    return new ProtoFields(out);
  }

  ProtoFields withVarint(int number, long value) {
    return with(number, WireFormat.WIRETYPE_VARINT, List.of(value));
  }

  public ProtoFields withBool(int number, boolean value) {
    return withVarint(number, value ? 1 : 0);
  }

  ProtoFields withFloat(int number, float value) {
    return with(number, WireFormat.WIRETYPE_FIXED32, List.of(Float.floatToRawIntBits(value)));
  }

  ProtoFields withBytes(int number, ByteString value) {
    return with(number, WireFormat.WIRETYPE_LENGTH_DELIMITED, List.of(value));
  }

  ProtoFields withString(int number, String value) {
    return withBytes(number, ByteString.copyFromUtf8(value));
  }

  ProtoFields withStrings(int number, List<String> values) {
    return with(
        number,
        WireFormat.WIRETYPE_LENGTH_DELIMITED,
        values.stream().map(ByteString::copyFromUtf8).toList());
  }

  /** A copy that also holds every entry of {@code other}. */
  ProtoFields plus(ProtoFields other) {
    List<Entry> out = new ArrayList<>(entries);
    out.addAll(other.entries);
    return new ProtoFields(out);
  }

  /**
   * Serializes in field-number order, as the C++ library does; repeated fields keep their relative
   * order (the sort is stable).
   */
  ByteString toByteString() {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingInt(Entry::number));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    try {
      for (Entry e : sorted) {
        out.writeTag(e.number(), e.wireType());
        switch (e.wireType()) {
          case WireFormat.WIRETYPE_VARINT -> out.writeUInt64NoTag((Long) e.value());
          case WireFormat.WIRETYPE_FIXED64 -> out.writeFixed64NoTag((Long) e.value());
          case WireFormat.WIRETYPE_LENGTH_DELIMITED -> out.writeBytesNoTag((ByteString) e.value());
          case WireFormat.WIRETYPE_FIXED32 -> out.writeFixed32NoTag((Integer) e.value());
          default -> throw new IllegalStateException("wire type " + e.wireType());
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ByteString.copyFrom(buffer.toByteArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtoFields other && toByteString().equals(other.toByteString());
  }

  @Override
  public int hashCode() {
    return toByteString().hashCode();
  }
}
