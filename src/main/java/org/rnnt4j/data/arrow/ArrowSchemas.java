package org.rnnt4j.data.arrow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FloatingPoint;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Precision;
import org.apache.arrow.flatbuf.Schema;
import org.apache.arrow.flatbuf.Type;

/** Converts Arrow's flatbuffer {@code Schema} into {@link ArrowField}s and its key-value metadata. */
final class ArrowSchemas {
  private ArrowSchemas() {}

  static List<ArrowField> fields(Schema schema) {
    List<ArrowField> out = new ArrayList<>();
    for (int i = 0; i < schema.fieldsLength(); i++) {
      out.add(field(schema.fields(i)));
    }
    return out;
  }

  static Map<String, String> metadata(Schema schema) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < schema.customMetadataLength(); i++) {
      KeyValue kv = schema.customMetadata(i);
      out.put(kv.key(), kv.value());
    }
    return out;
  }

  private static ArrowField field(Field f) {
    List<ArrowField> children = new ArrayList<>();
    for (int i = 0; i < f.childrenLength(); i++) {
      children.add(field(f.children(i)));
    }
    ArrowType type = f.dictionary() != null ? ArrowType.of(ArrowType.Kind.UNSUPPORTED, "dictionary") : type(f);
    return new ArrowField(f.name() == null ? "" : f.name(), f.nullable(), type, children);
  }

  private static ArrowType type(Field f) {
    byte t = f.typeType();
    switch (t) {
      case Type.Null:
        return ArrowType.of(ArrowType.Kind.NULL, "null");
      case Type.Bool:
        return ArrowType.of(ArrowType.Kind.BOOL, "bool");
      case Type.Int: {
        Int i = (Int) f.type(new Int());
        return new ArrowType(ArrowType.Kind.INT, i.bitWidth(), i.isSigned(), (i.isSigned() ? "int" : "uint") + i.bitWidth());
      }
      case Type.FloatingPoint: {
        FloatingPoint p = (FloatingPoint) f.type(new FloatingPoint());
        int bits = p.precision() == Precision.HALF ? 16 : p.precision() == Precision.SINGLE ? 32 : 64;
        return new ArrowType(ArrowType.Kind.FLOAT, bits, true, "float" + bits);
      }
      case Type.Utf8:
        return ArrowType.of(ArrowType.Kind.UTF8, "string");
      case Type.LargeUtf8:
        return ArrowType.of(ArrowType.Kind.LARGE_UTF8, "large_string");
      case Type.Binary:
        return ArrowType.of(ArrowType.Kind.BINARY, "binary");
      case Type.LargeBinary:
        return ArrowType.of(ArrowType.Kind.LARGE_BINARY, "large_binary");
      case Type.Struct_:
        return ArrowType.of(ArrowType.Kind.STRUCT, "struct");
      case Type.List:
        return ArrowType.of(ArrowType.Kind.LIST, "list");
      case Type.LargeList:
        return ArrowType.of(ArrowType.Kind.LARGE_LIST, "large_list");
      case Type.Map:
        return ArrowType.of(ArrowType.Kind.LIST, "map");
      case Type.Date:
      case Type.Time:
      case Type.Timestamp:
      case Type.Duration:
      case Type.Decimal:
      case Type.FixedSizeBinary:
      case Type.Interval:
        return ArrowType.of(ArrowType.Kind.OTHER_FIXED, Type.name(t));
      default:
        return ArrowType.of(ArrowType.Kind.UNSUPPORTED, t >= 0 && t < Type.names.length ? Type.name(t) : "type " + t);
    }
  }
}
