package org.rnnt4j.checkpoint.nemo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnnt4j.checkpoint.nemo.SyntheticCheckpoints.iota;
import static org.rnnt4j.checkpoint.nemo.SyntheticCheckpoints.records;
import static org.rnnt4j.checkpoint.nemo.SyntheticCheckpoints.tensor;
import static org.rnnt4j.checkpoint.nemo.SyntheticCheckpoints.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.DType;
import org.rnnt4j.util.safetensors.NamedArray;

class TorchCheckpointReaderTest {
  static final List<String> MODELS = Fixtures.MODELS;

  @TempDir Path dir;

  @ParameterizedTest
  @FieldSource("MODELS")
  void everyKeyShapeDtypeAndTheOrderMatchTheListing(String model) {
    byte[] ckpt = Fixtures.member(model, "./model_weights.ckpt");
    LinkedHashMap<String, NamedArray> stateDict =
        TorchCheckpointReader.read(ByteBuffer.wrap(ckpt), model + ".ckpt");

    List<Fixtures.KeyLine> expected = Fixtures.keys(model);
    assertEquals(
        expected.stream().map(Fixtures.KeyLine::key).toList(),
        List.copyOf(stateDict.keySet()),
        "keys in state-dict order");
    for (Fixtures.KeyLine line : expected) {
      NamedArray tensor = stateDict.get(line.key());
      assertArrayEquals(line.shape(), tensor.shape(), line.key());
      assertEquals(line.dtype(), tensor.dtype(), line.key());
    }
  }

  @ParameterizedTest
  @FieldSource("MODELS")
  void knownValuesOfEveryFixture(String model) {
    LinkedHashMap<String, NamedArray> stateDict =
        TorchCheckpointReader.read(
            ByteBuffer.wrap(Fixtures.member(model, "./model_weights.ckpt")), model);

    // The BatchNorm step counters are positive int64 scalars after the short training run.
    List<String> counters =
        stateDict.keySet().stream().filter(k -> k.endsWith("num_batches_tracked")).toList();
    assertFalse(counters.isEmpty());
    for (String key : counters) {
      NamedArray counter = stateDict.get(key);
      assertEquals(DType.I64, counter.dtype());
      assertEquals(0, counter.shape().length);
      assertTrue(counter.toLongArray()[0] > 0, key + " = " + counter.toLongArray()[0]);
    }
    // The prediction-net embedding's padding row V = 128 (the blank) is all zeros; the others are
    // not.
    NamedArray embed = stateDict.get("decoder.prediction.embed.weight");
    int hidden = (int) embed.shape()[1];
    assertEquals(129, embed.shape()[0]);
    float[] values = embed.toFloatArray();
    for (int j = 0; j < hidden; j++) {
      assertEquals(0f, values[128 * hidden + j], "padding row");
    }
    assertTrue(
        Arrays.stream(Arrays.copyOfRange(toDoubles(values), 127 * hidden, 128 * hidden))
            .anyMatch(v -> v != 0));
    assertArrayEquals(new long[] {1, 80, 257}, stateDict.get("preprocessor.featurizer.fb").shape());
    // The window is the symmetric Hann window of length 400 (README, preprocessor step 4).
    float[] window = stateDict.get("preprocessor.featurizer.window").toFloatArray();
    for (int n : new int[] {0, 1, 57, 199, 200, 398, 399}) {
      assertEquals(
          0.5 - 0.5 * Math.cos(2 * Math.PI * n / 399), window[n], 1e-6, "window[" + n + "]");
    }
  }

  @Test
  void metadataHasEveryModuleWithBatchNormAtVersionTwo() {
    TorchCheckpoint checkpoint =
        TorchCheckpointReader.readCheckpoint(
            ByteBuffer.wrap(Fixtures.member("contextnet_tiny", "./model_weights.ckpt")), "ckpt");

    assertEquals(61, checkpoint.metadata().size());
    assertEquals(
        List.of("", "preprocessor", "preprocessor.featurizer", "encoder"),
        checkpoint.metadata().keySet().stream().limit(4).toList());
    Set<String> batchNorms =
        checkpoint.stateDict().keySet().stream()
            .filter(k -> k.endsWith(".num_batches_tracked"))
            .map(k -> k.substring(0, k.length() - ".num_batches_tracked".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> versionTwo =
        checkpoint.metadata().entrySet().stream()
            .filter(e -> e.getValue().get("version").equals(2L))
            .map(e -> e.getKey())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(batchNorms, versionTwo);
    assertEquals(1L, checkpoint.metadata().get("").get("version"));
  }

  @Test
  void aFileIsMemoryMappedAndEqualsTheBytesRead() throws IOException {
    byte[] ckpt = Fixtures.member("conformer_tiny", "./model_weights.ckpt");
    Path file = dir.resolve("model_weights.ckpt");
    Files.write(file, ckpt);

    LinkedHashMap<String, NamedArray> fromFile = TorchCheckpointReader.read(file);

    assertEquals(TorchCheckpointReader.read(ByteBuffer.wrap(ckpt), "bytes"), fromFile);
    assertTrue(
        fromFile.get("preprocessor.featurizer.fb").data().isDirect(),
        "large storages are mapped, not copied");
  }

  @Test
  void viewsWithOffsetsStridesAndSharedStoragesAreMadeContiguous() {
    PickleWriter pickle = new PickleWriter();
    SyntheticCheckpoints.orderedDict(pickle);
    pickle.mark();
    // One storage of 12 floats 0..11 seen as a 3x4 matrix, its transpose, a row, a column and a
    // broadcast.
    tensor(pickle, "matrix", "FloatStorage", "0", 12, 0, new long[] {3, 4}, new long[] {4, 1});
    tensor(pickle, "transposed", "FloatStorage", "0", 12, 0, new long[] {4, 3}, new long[] {1, 4});
    tensor(pickle, "row1", "FloatStorage", "0", 12, 4, new long[] {4}, new long[] {1});
    tensor(pickle, "column1", "FloatStorage", "0", 12, 1, new long[] {3}, new long[] {4});
    tensor(pickle, "broadcast", "FloatStorage", "0", 12, 8, new long[] {2, 2}, new long[] {0, 1});
    tensor(pickle, "steps", "LongStorage", "1", 1, 0, new long[] {}, new long[] {});
    pickle.setItems();
    byte[] steps = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 41L).array();
    byte[] file = zip(pickle.finish(), records("data/0", iota(12), "data/1", steps));

    LinkedHashMap<String, NamedArray> read =
        TorchCheckpointReader.read(ByteBuffer.wrap(file), "views.pt");

    assertEquals(
        List.of("matrix", "transposed", "row1", "column1", "broadcast", "steps"),
        List.copyOf(read.keySet()));
    assertArrayEquals(
        new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, read.get("matrix").toFloatArray());
    assertArrayEquals(
        new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, read.get("transposed").toFloatArray());
    assertArrayEquals(new long[] {4, 3}, read.get("transposed").shape());
    assertArrayEquals(new float[] {4, 5, 6, 7}, read.get("row1").toFloatArray());
    assertArrayEquals(new float[] {1, 5, 9}, read.get("column1").toFloatArray());
    assertArrayEquals(new float[] {8, 9, 8, 9}, read.get("broadcast").toFloatArray());
    assertArrayEquals(new long[] {41}, read.get("steps").toLongArray());
    assertEquals(0, read.get("steps").shape().length);
  }

  @Test
  void bigEndianStoragesAreSwappedWhenTheByteorderRecordSaysSo() {
    PickleWriter pickle = new PickleWriter();
    SyntheticCheckpoints.orderedDict(pickle);
    pickle.mark();
    tensor(pickle, "w", "DoubleStorage", "0", 2, 0, new long[] {2}, new long[] {1});
    tensor(pickle, "n", "IntStorage", "1", 1, 0, new long[] {}, new long[] {});
    pickle.setItems();
    byte[] doubles =
        ByteBuffer.allocate(16)
            .order(ByteOrder.BIG_ENDIAN)
            .putDouble(Math.PI)
            .putDouble(-2.5)
            .array();
    byte[] ints = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(-7).array();
    byte[] file =
        zip(
            pickle.finish(),
            records(
                "byteorder",
                "big".getBytes(StandardCharsets.US_ASCII),
                "data/0",
                doubles,
                "data/1",
                ints));

    LinkedHashMap<String, NamedArray> read =
        TorchCheckpointReader.read(ByteBuffer.wrap(file), "s390x.pt");

    assertArrayEquals(new double[] {Math.PI, -2.5}, read.get("w").toDoubleArray());
    assertArrayEquals(new int[] {-7}, read.get("n").toIntArray());
  }

  @Test
  void parametersAreUnwrapped() {
    PickleWriter parameter = new PickleWriter();
    SyntheticCheckpoints.orderedDict(parameter);
    parameter.string("p");
    parameter.global("torch._utils", "_rebuild_parameter");
    tensorValue(parameter);
    parameter.bool(true);
    SyntheticCheckpoints.orderedDict(parameter);
    parameter.tuple(3);
    parameter.reduce();
    parameter.setItem();
    byte[] file = zip(parameter.finish(), records("data/0", iota(3)));

    assertArrayEquals(
        new float[] {0, 1, 2},
        TorchCheckpointReader.read(ByteBuffer.wrap(file), "p.pt").get("p").toFloatArray());
  }

  /** A bare {@code _rebuild_tensor_v2(...)} value over storage 0 of 3 floats. */
  private static void tensorValue(PickleWriter pickle) {
    pickle.global("torch._utils", "_rebuild_tensor_v2");
    pickle.mark();
    pickle.mark();
    pickle.string("storage");
    pickle.global("torch", "FloatStorage");
    pickle.string("0");
    pickle.string("cpu");
    pickle.integer(3);
    pickle.tuple(5);
    pickle.persistentId();
    pickle.integer(0);
    SyntheticCheckpoints.ints(pickle, new long[] {3});
    SyntheticCheckpoints.ints(pickle, new long[] {1});
    pickle.bool(false);
    SyntheticCheckpoints.orderedDict(pickle);
    pickle.tuple(6);
    pickle.reduce();
  }

  @Test
  void aForbiddenGlobalFailsBeforeAnythingIsCalled() {
    PickleWriter pickle = new PickleWriter();
    pickle.global("os", "system");
    pickle.string("touch pwned");
    pickle.tuple(1);
    pickle.reduce();
    byte[] file = zip(pickle.finish(), records());

    FormatException error =
        assertThrows(
            FormatException.class,
            () -> TorchCheckpointReader.read(ByteBuffer.wrap(file), "evil.pt"));

    assertTrue(error.getMessage().startsWith("evil.pt: "), error.getMessage());
    assertTrue(error.getMessage().contains("'os.system'"), error.getMessage());
    assertTrue(error.getMessage().contains("weights_only"), error.getMessage());
  }

  @Test
  void aTruncatedOrCorruptedCheckpointNamesTheFile() {
    byte[] ckpt = Fixtures.member("contextnet_tiny", "./model_weights.ckpt");

    FormatException truncated =
        assertThrows(
            FormatException.class,
            () ->
                TorchCheckpointReader.read(
                    ByteBuffer.wrap(Arrays.copyOf(ckpt, ckpt.length / 2)), "half.ckpt"));
    assertTrue(truncated.getMessage().startsWith("half.ckpt: "), truncated.getMessage());
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

    byte[] flipped = ckpt.clone();
    flipped[10_000] ^= 0x40; // inside the data of some storage record
    FormatException corrupt =
        assertThrows(
            FormatException.class,
            () -> TorchCheckpointReader.read(ByteBuffer.wrap(flipped), "flip.ckpt"));
    assertTrue(corrupt.getMessage().startsWith("flip.ckpt: "), corrupt.getMessage());
    assertTrue(corrupt.getMessage().contains("CRC-32"), corrupt.getMessage());
  }

  @Test
  void otherFilesAreRefusedWithTheReason() {
    byte[] legacy = {(byte) 0x80, 2, 'K', 1, '.'};
    FormatException old =
        assertThrows(
            FormatException.class,
            () -> TorchCheckpointReader.read(ByteBuffer.wrap(legacy), "old.pt"));
    assertTrue(old.getMessage().contains("legacy"), old.getMessage());

    byte[] text = "not a checkpoint at all, just some text".getBytes(StandardCharsets.US_ASCII);
    FormatException notZip =
        assertThrows(
            FormatException.class,
            () -> TorchCheckpointReader.read(ByteBuffer.wrap(text), "a.txt"));
    assertTrue(notZip.getMessage().startsWith("a.txt: "), notZip.getMessage());

    PickleWriter pickle = new PickleWriter();
    SyntheticCheckpoints.orderedDict(pickle);
    tensor(pickle, "x", "FloatStorage", "0", 4, 2, new long[] {3}, new long[] {1});
    pickle.setItem();
    byte[] outside = zip(pickle.finish(), records("data/0", iota(4)));
    FormatException view =
        assertThrows(
            FormatException.class,
            () -> TorchCheckpointReader.read(ByteBuffer.wrap(outside), "view.pt"));
    assertTrue(view.getMessage().contains("tensor 'x'"), view.getMessage());
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
