package org.rnnt4j.util.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.FormatException;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryDtypeShapeOrderAndMetadata() throws IOException {
    Map<String, NamedArray> tensors = new LinkedHashMap<>();
    tensors.put(
        "z.weights",
        NamedArray.ofFloats(new long[] {2, 3}, 1f, -2.5f, 3e-8f, Float.MAX_VALUE, 0f, -0f));
    tensors.put("a.doubles", NamedArray.ofDoubles(new long[] {2}, Math.PI, -1e300));
    tensors.put("m.ids", NamedArray.ofLongs(new long[] {3}, Long.MIN_VALUE, 0, Long.MAX_VALUE));
    tensors.put("lengths", NamedArray.ofInts(new long[] {2, 1, 1}, 7, -3));
    tensors.put("scalar", NamedArray.ofFloats(new long[] {}, 42f));
    tensors.put("empty", NamedArray.ofLongs(new long[] {2, 0}));
    Map<String, String> metadata = Map.of("format", "pt", "note", "ünïcode \"quoted\"");
    Path file = dir.resolve("t.safetensors");

    SafeTensors.write(file, tensors, metadata);
    SafeTensorsFile read = SafeTensors.read(file);

    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
    assertEquals(tensors, read.tensors());
    assertEquals(metadata, read.metadata());
    assertArrayEquals(
        new float[] {1f, -2.5f, 3e-8f, Float.MAX_VALUE, 0f, -0f},
        read.tensor("z.weights").toFloatArray());
    assertArrayEquals(new double[] {Math.PI, -1e300}, read.tensor("a.doubles").toDoubleArray());
    assertArrayEquals(
        new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, read.tensor("m.ids").toLongArray());
    assertArrayEquals(new int[] {7, -3}, read.tensor("lengths").toIntArray());
    assertArrayEquals(new long[] {2, 1, 1}, read.tensor("lengths").shape());
    assertEquals(1, read.tensor("scalar").numel());
    assertEquals(42f, read.tensor("scalar").floatBuffer().get(0));
    assertEquals(0, read.tensor("empty").toLongArray().length);

    byte[] raw = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "header is padded to a multiple of 8");
    long dataBytes = 6 * 4 + 2 * 8 + 3 * 8 + 2 * 4 + 4;
    assertEquals(8 + headerLength + dataBytes, raw.length, "tensors are packed without gaps");
  }

  @Test
  void rewriteReplacesTheFileAtomically() {
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, Map.of("x", NamedArray.ofFloats(new long[] {1}, 1f)), Map.of());
    SafeTensors.write(file, Map.of("y", NamedArray.ofInts(new long[] {1}, 2)), Map.of());
    SafeTensorsFile read = SafeTensors.read(file);
    assertEquals(List.of("y"), List.copyOf(read.tensors().keySet()));
    assertTrue(read.metadata().isEmpty());
  }

  @Test
  void readsTheGoldenFixtureWrittenByPythonSafetensors() throws URISyntaxException {
    Path file = Path.of(getClass().getResource("/loss/rnnt_loss_goldens.safetensors").toURI());
    SafeTensorsFile read = SafeTensors.read(file);
    assertEquals(121, read.tensors().size());
    assertTrue(read.metadata().get("generator").startsWith("torchaudio.functional.rnnt_loss"));
    NamedArray lengths = read.tensor("mixed_lengths.logit_lengths");
    assertEquals(DType.I64, lengths.dtype());
    assertArrayEquals(new long[] {7, 3, 5, 1}, lengths.toLongArray());
    assertArrayEquals(new long[] {4, 7, 5, 11}, read.tensor("mixed_lengths.logits").shape());
    // The JSON beside it lists the same per-utterance losses.
    assertArrayEquals(
        new float[] {
          23.67363166809082f, 7.258331298828125f, 18.901952743530273f, 8.20463752746582f
        },
        read.tensor("mixed_lengths.loss_per_utterance").toFloatArray());
    assertArrayEquals(new long[] {1, 0}, read.tensor("single_T1_U0.targets").shape());
  }

  @Test
  void widensHalfAndBfloat16Exactly() throws IOException {
    short[] half = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00, (short) 0xFC00, 0x3555};
    short[] bf16 = {0x3F80, (short) 0xC040, 0x0000};
    ByteBuffer data =
        ByteBuffer.allocate(2 * (half.length + bf16.length)).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : half) {
      data.putShort(s);
    }
    for (short s : bf16) {
      data.putShort(s);
    }
    Path file =
        rawFile(
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[14,20]}}",
            data.array());
    SafeTensorsFile read = SafeTensors.read(file);
    assertArrayEquals(
        new float[] {
          1f,
          -2f,
          65504f,
          0x1p-24f,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY,
          0.333251953125f
        },
        read.tensor("h").toFloatArray());
    assertArrayEquals(new float[] {1f, -3f, 0f}, read.tensor("b").toFloatArray());
    assertArrayEquals(new double[] {1, -3, 0}, read.tensor("b").toDoubleArray());
  }

  @Test
  void truncatedHeaderIsAFormatErrorNamingTheFile() throws IOException {
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertFormatError(tiny, "8-byte header length");

    Path cut =
        rawFile("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
    byte[] raw = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(raw, 20));
    assertFormatError(cut, "does not fit the file");
  }

  @Test
  void offsetsOutsideTheFileAreAFormatError() throws IOException {
    Path file =
        rawFile("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
    assertFormatError(
        file, "tensor 'x': data_offsets [0, 16] lie outside the data section of 8 bytes");
  }

  @Test
  void unknownDtypeIsAFormatErrorListingTheSupportedOnes() throws IOException {
    Path file =
        rawFile(
            "{\"x\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[4]);
    assertFormatError(file, "unknown dtype 'F8_E4M3'; supported: F64, F32, F16, BF16, I64, I32");
  }

  @Test
  void inconsistentHeadersAreFormatErrors() throws IOException {
    assertFormatError(rawFile("{\"x\": [1, 2", new byte[0]), "header is not valid JSON");
    assertFormatError(
        rawFile("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
        "data_offsets span 8 bytes, expected 12 for F32 [3]");
    assertFormatError(
        rawFile(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            new byte[12]),
        "tensors 'a' and 'b' overlap");
    assertFormatError(
        rawFile("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
        "\"shape\"[0] must be a non-negative integer");
    assertFormatError(
        rawFile("{\"__metadata__\":{\"k\":3}}", new byte[0]), "__metadata__.k must be a string");
    assertFormatError(
        rawFile(
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            new byte[4]),
        "not valid JSON");
  }

  @Test
  void missingTensorNamesTheFile() {
    Path file = dir.resolve("one.safetensors");
    SafeTensors.write(file, Map.of("x", NamedArray.ofFloats(new long[] {1}, 1f)), Map.of());
    FormatException e =
        assertThrows(FormatException.class, () -> SafeTensors.read(file).tensor("y"));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no tensor named 'y'"), e.getMessage());
  }

  @Test
  void namedArrayRejectsMismatchedSizesAndWrongConversions() {
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class, () -> NamedArray.ofFloats(new long[] {2, 2}, 1f, 2f));
    assertEquals("F32 tensor of shape [2, 2] needs 16 bytes, got 8", size.getMessage());
    NamedArray ids = NamedArray.ofLongs(new long[] {1}, 1L << 40);
    assertThrows(IllegalStateException.class, ids::toFloatArray);
    IllegalStateException overflow = assertThrows(IllegalStateException.class, ids::toIntArray);
    assertTrue(overflow.getMessage().contains("does not fit an int"), overflow.getMessage());
  }

  private Path rawFile(String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json).put(data);
    Path file = Files.createTempFile(dir, "raw", ".safetensors");
    Files.write(file, out.array());
    return file;
  }

  private static void assertFormatError(Path file, String expectedPart) {
    FormatException e = assertThrows(FormatException.class, () -> SafeTensors.read(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
  }
}
