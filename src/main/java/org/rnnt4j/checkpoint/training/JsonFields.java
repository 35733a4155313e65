package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/** Typed reads of a checkpoint's JSON files, failing with the file and the key that is wrong. */
final class JsonFields {
  private JsonFields() {}

  static JsonNode read(Path file) {
    try {
      JsonNode node = Json.mapper().readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new FormatException(file.toString(), "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
      }
      return node;
    } catch (IOException e) {
      throw new FormatException(file.toString(), "not valid JSON: " + e.getMessage(), e);
    }
  }

  static long getLong(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw wrong(json, key, "an integer", file);
    }
    return v.asLong();
  }

  static double getDouble(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v == null || !v.isNumber()) {
      throw wrong(json, key, "a number", file);
    }
    return v.asDouble();
  }

  /** A number or null. */
  static Double getNullableDouble(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v != null && v.isNull()) {
      return null;
    }
    return getDouble(json, key, file);
  }

  static boolean getBoolean(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v == null || !v.isBoolean()) {
      throw wrong(json, key, "true or false", file);
    }
    return v.asBoolean();
  }

  static String getString(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v == null || !v.isTextual()) {
      throw wrong(json, key, "a string", file);
    }
    return v.asText();
  }

  /** A string or null. */
  static String getNullableString(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v != null && v.isNull()) {
      return null;
    }
    return getString(json, key, file);
  }

  static JsonNode getArray(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v == null || !v.isArray()) {
      throw wrong(json, key, "an array", file);
    }
    return v;
  }

  private static FormatException wrong(JsonNode json, String key, String expected, Path file) {
    JsonNode v = json.get(key);
    return new FormatException(
        file.toString(), "'" + key + "' must be " + expected + ", got " + (v == null ? "no such key" : v.toString()));
  }
}
