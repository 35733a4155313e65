package org.rnnt4j.tensorboard;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The few messages of TensorFlow's {@code event.proto} and {@code summary.proto} that TensorBoard's
 * scalars and text dashboards read, encoded field by field with protobuf's wire format:
 *
 * <pre>
 * Event        { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 * Summary      { repeated Value value = 1; }
 * Value        { string tag = 1; SummaryMetadata metadata = 9; float simple_value = 2; TensorProto tensor = 8; }
 * SummaryMetadata { PluginData plugin_data = 1; }   PluginData { string plugin_name = 1; }
 * TensorProto  { DataType dtype = 1 (DT_STRING = 7); TensorShapeProto tensor_shape = 2; repeated bytes string_val = 8; }
 * </pre>
 */
final class EventProtos {
  /** TensorFlow's DataType.DT_STRING. */
  private static final int DT_STRING = 7;

  private EventProtos() {}

  /** The first record of every event file: {@code file_version: "brain.Event:2"}. */
  static byte[] fileVersion(double wallTime) {
    return message(o -> {
      o.writeDouble(1, wallTime);
      o.writeString(3, "brain.Event:2");
    });
  }

  /** An event holding one scalar ({@code simple_value}, TensorBoard's scalars dashboard). */
  static byte[] scalar(double wallTime, long step, String tag, float value) {
    byte[] v = message(o -> {
      o.writeString(1, tag);
      o.writeFloat(2, value);
    });
    return event(wallTime, step, v);
  }

  /** An event holding one string tensor for the text plugin (how HF's callback logs {@code args}). */
  static byte[] text(double wallTime, long step, String tag, String text) {
    byte[] shape = new byte[0]; // a scalar: TensorShapeProto with no dims
    byte[] tensor = message(o -> {
      o.writeEnum(1, DT_STRING);
      o.writeByteArray(2, shape);
      o.writeByteArray(8, text.getBytes(StandardCharsets.UTF_8));
    });
    byte[] pluginData = message(o -> o.writeString(1, "text"));
    byte[] metadata = message(o -> o.writeByteArray(1, pluginData));
    byte[] v = message(o -> {
      o.writeString(1, tag);
      o.writeByteArray(9, metadata);
      o.writeByteArray(8, tensor);
    });
    return event(wallTime, step, v);
  }

  private static byte[] event(double wallTime, long step, byte[] value) {
    byte[] summary = message(o -> o.writeByteArray(1, value));
    return message(o -> {
      o.writeDouble(1, wallTime);
      o.writeInt64(2, step);
      o.writeByteArray(5, summary);
    });
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      fields.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding an event into memory", e);
    }
  }
}
