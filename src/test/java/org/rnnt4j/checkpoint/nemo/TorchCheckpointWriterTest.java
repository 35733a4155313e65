package org.rnnt4j.checkpoint.nemo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.rnnt4j.util.safetensors.DType;
import org.rnnt4j.util.safetensors.NamedArray;

class TorchCheckpointWriterTest {
  static final List<String> MODELS = Fixtures.MODELS;

  @TempDir Path dir;

  @ParameterizedTest
  @FieldSource("MODELS")
  void reproducesThePyTorch113CheckpointByteForByte(String model) throws IOException {
    byte[] original = Fixtures.member(model, "./model_weights.ckpt");
    TorchCheckpoint checkpoint =
        TorchCheckpointReader.readCheckpoint(ByteBuffer.wrap(original), model);

    ByteArrayOutputStream written = new ByteArrayOutputStream();
    TorchCheckpointWriter.write(
        written, "model_weights", checkpoint, TorchZipLayout.WITHOUT_BYTEORDER);

    assertArrayEquals(
        original,
        written.toByteArray(),
        "data.pkl, record order, 64-byte padding, descriptors and zip64 end records");
  }

  @ParameterizedTest
  @FieldSource("MODELS")
  void roundTripIsBitIdenticalAndLaidOutLikeTorchSave(String model) throws IOException {
    TorchCheckpoint original =
        TorchCheckpointReader.readCheckpoint(
            ByteBuffer.wrap(Fixtures.member(model, "./model_weights.ckpt")), model);
    Path file = dir.resolve("model_weights.ckpt");

    TorchCheckpointWriter.write(file, "model_weights", original, TorchZipLayout.WITH_BYTEORDER);
    TorchCheckpoint reread = TorchCheckpointReader.readCheckpoint(file);

    assertEquals(
        List.copyOf(original.stateDict().keySet()), List.copyOf(reread.stateDict().keySet()));
    assertEquals(original.stateDict(), reread.stateDict());
    assertEquals(original.metadata(), reread.metadata());
    // java.util.zip reads it independently: CRCs, the record names and their order.
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        names.add(entry.getName());
        assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
        zip.getInputStream(entry).readAllBytes();
      }
      assertEquals(
          "little",
          new String(
              zip.getInputStream(zip.getEntry("model_weights/byteorder")).readAllBytes(),
              StandardCharsets.US_ASCII));
      assertEquals(
          "3\n",
          new String(
              zip.getInputStream(zip.getEntry("model_weights/version")).readAllBytes(),
              StandardCharsets.US_ASCII));
    }
    List<String> expected =
        new ArrayList<>(List.of("model_weights/data.pkl", "model_weights/byteorder"));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < original.stateDict().size(); i++) {
      keys.add(Integer.toString(i));
    }
    Collections.sort(keys);
    keys.forEach(k -> expected.add("model_weights/data/" + k));
    expected.add("model_weights/version");
    assertEquals(expected, names);
    assertDataIsAligned(Files.readAllBytes(file));
  }

  @Test
  void everyDtypeScalarsAndEmptyTensorsSurviveAFileRoundTrip() throws IOException {
    LinkedHashMap<String, NamedArray> stateDict = new LinkedHashMap<>();
    stateDict.put("z.f64", NamedArray.ofDoubles(new long[] {2}, Math.E, -0.0));
    stateDict.put("a.f32", NamedArray.ofFloats(new long[] {2, 1, 3}, 1, 2, 3, 4, 5, Float.NaN));
    stateDict.put(
        "f16", raw(DType.F16, new long[] {2}, new byte[] {0x00, 0x3c, 0x00, (byte) 0xc0}));
    stateDict.put("bf16", raw(DType.BF16, new long[] {1}, new byte[] {(byte) 0x80, 0x3f}));
    stateDict.put("steps", NamedArray.ofLongs(new long[] {}, 123_456_789_012L));
    stateDict.put("i32", NamedArray.ofInts(new long[] {3}, -1, 0, Integer.MAX_VALUE));
    stateDict.put("i16", raw(DType.I16, new long[] {1}, new byte[] {1, (byte) 0x80}));
    stateDict.put("i8", raw(DType.I8, new long[] {2}, new byte[] {-5, 7}));
    stateDict.put("u8", raw(DType.U8, new long[] {2}, new byte[] {(byte) 200, 7}));
    stateDict.put("mask", raw(DType.BOOL, new long[] {2}, new byte[] {1, 0}));
    stateDict.put("empty", NamedArray.ofFloats(new long[] {3, 0}));
    stateDict.put("conv.weight", NamedArray.ofFloats(new long[] {1, 1, 1, 2, 1}, 7, 8));
    Path file = dir.resolve("archive.pt");

    TorchCheckpointWriter.write(file, "archive", stateDict);
    TorchCheckpoint read = TorchCheckpointReader.readCheckpoint(file);

    assertEquals(List.copyOf(stateDict.keySet()), List.copyOf(read.stateDict().keySet()));
    assertEquals(stateDict, read.stateDict());
    assertTrue(read.metadata().isEmpty(), "no _metadata is invented");
    assertDataIsAligned(Files.readAllBytes(file));
  }

  @Test
  void stateDictsOfMoreThanAThousandEntriesKeepTheirOrder() throws IOException {
    LinkedHashMap<String, NamedArray> stateDict = new LinkedHashMap<>();
    for (int i = 2500; i > 0; i--) {
      stateDict.put("layer." + (i * 7919 % 2503) + ".bias", NamedArray.ofFloats(new long[] {1}, i));
    }
    Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 1001; i++) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("version", (long) i % 3);
      values.put("note", i % 2 == 0 ? "even" : null);
      values.put("flag", i % 5 == 0);
      metadata.put("module" + i, values);
    }
    TorchCheckpoint checkpoint = new TorchCheckpoint(stateDict, metadata);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    TorchCheckpointWriter.write(out, "archive", checkpoint, TorchZipLayout.WITH_BYTEORDER);
    TorchCheckpoint read =
        TorchCheckpointReader.readCheckpoint(ByteBuffer.wrap(out.toByteArray()), "big.pt");

    assertEquals(List.copyOf(stateDict.keySet()), List.copyOf(read.stateDict().keySet()));
    assertEquals(stateDict, read.stateDict());
    assertEquals(List.copyOf(metadata.keySet()), List.copyOf(read.metadata().keySet()));
    assertEquals(metadata, read.metadata());
  }

  @Test
  void aBadPrefixIsACallerMistake() {
    LinkedHashMap<String, NamedArray> stateDict = new LinkedHashMap<>();
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> TorchCheckpointWriter.write(new ByteArrayOutputStream(), "a/b", stateDict));
    assertTrue(error.getMessage().contains("'a/b'"), error.getMessage());
  }

  /** Every local record's data starts at a multiple of 64, as PyTorchStreamWriter pads it. */
  private static void assertDataIsAligned(byte[] zip) {
    ByteBuffer bytes = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int records = 0;
    for (int p = 0; bytes.getInt(p) == 0x04034b50; ) {
      int nameLength = Short.toUnsignedInt(bytes.getShort(p + 26));
      int extraLength = Short.toUnsignedInt(bytes.getShort(p + 28));
      int data = p + 30 + nameLength + extraLength;
      assertEquals(0, data % 64, "data of record " + records + " at " + data);
      assertEquals('F', zip[p + 30 + nameLength]);
      assertEquals('B', zip[p + 31 + nameLength]);
      // The size lives in the 16-byte data descriptor after the data (general-purpose flag bit 3).
      int size = findDescriptorSize(bytes, data);
      p = data + size + 16;
      records++;
    }
    assertTrue(records > 2, "found " + records + " records");
  }

  private static int findDescriptorSize(ByteBuffer bytes, int data) {
    for (int q = data; q + 16 <= bytes.capacity(); q++) {
      if (bytes.getInt(q) == 0x08074b50
          && bytes.getInt(q + 8) == q - data
          && bytes.getInt(q + 12) == q - data) {
        return q - data;
      }
    }
    throw new AssertionError("no data descriptor after " + data);
  }

  private static NamedArray raw(DType dtype, long[] shape, byte[] bytes) {
    return new NamedArray(dtype, shape, ByteBuffer.wrap(bytes));
  }
}
