package org.rnnt4j.audio;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.rnnt4j.util.Json;

/**
 * The audio files and FFmpeg/soxr reference decodes in {@code src/test/resources/audio_formats}.
 */
final class AudioFixtures {
  private static final String ROOT = "/audio_formats/";
  private static JsonNode index;

  private AudioFixtures() {}

  static Path path(String name) {
    URL url = AudioFixtures.class.getResource(ROOT + name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource " + ROOT + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String name) {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The index entry of a fixture: codec, sample_rate, channels, native_frames, native, mono_16k.
   */
  static synchronized JsonNode entry(String name) {
    if (index == null) {
      index = Json.parse(new String(bytes("index.json"), java.nio.charset.StandardCharsets.UTF_8));
    }
    JsonNode entry = index.get(name);
    if (entry == null) {
      throw new IllegalArgumentException("no fixture " + name + " in index.json");
    }
    return entry;
  }

  /** FFmpeg's decode of {@code name}: every channel interleaved, at the native rate. */
  static float[] nativeReference(String name) {
    return reference(entry(name).get("native").asText());
  }

  /** FFmpeg's channel average of {@code name}, resampled to 16 kHz by soxr. */
  static float[] mono16kReference(String name) {
    return reference(entry(name).get("mono_16k").asText());
  }

  private static float[] reference(String gzipped) {
    try (InputStream in = new GZIPInputStream(open(gzipped))) {
      FloatBuffer floats =
          ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[] out = new float[floats.remaining()];
      floats.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = AudioFixtures.class.getResourceAsStream(ROOT + name);
    if (in == null) {
      throw new IllegalArgumentException("no test resource " + ROOT + name);
    }
    return in;
  }
}
