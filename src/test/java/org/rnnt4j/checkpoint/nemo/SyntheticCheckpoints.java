package org.rnnt4j.checkpoint.nemo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds torch.save-format zips by hand for cases real fixtures lack: views with offsets and
 * strides, shared storages, big-endian bytes, forbidden globals. The pickles follow the opcode
 * sequence of {@code torch.save} (see {@link StateDictPickler}) with arbitrary view parameters.
 */
final class SyntheticCheckpoints {
  private SyntheticCheckpoints() {}

  /**
   * A tensor entry: {@code key -> _rebuild_tensor_v2(storage(storageClass, storageKey, numel),
   * offset, shape, stride)}.
   */
  static void tensor(
      PickleWriter pickle,
      String key,
      String storageClass,
      String storageKey,
      long numel,
      long offset,
      long[] shape,
      long[] stride) {
    pickle.string(key);
    pickle.global("torch._utils", "_rebuild_tensor_v2");
    pickle.mark();
    pickle.mark();
    pickle.string("storage");
    pickle.global("torch", storageClass);
    pickle.string(storageKey);
    pickle.string("cpu");
    pickle.integer(numel);
    pickle.tuple(5);
    pickle.persistentId();
    pickle.integer(offset);
    ints(pickle, shape);
    ints(pickle, stride);
    pickle.bool(false);
    orderedDict(pickle);
    pickle.tuple(6);
    pickle.reduce();
  }

  static void orderedDict(PickleWriter pickle) {
    pickle.global("collections", "OrderedDict");
    pickle.tuple(0);
    pickle.reduce();
  }

  static void ints(PickleWriter pickle, long[] values) {
    if (values.length > 3) {
      pickle.mark();
    }
    for (long value : values) {
      pickle.integer(value);
    }
    pickle.tuple(values.length);
  }

  /**
   * A zip with prefix {@code archive}: data.pkl, the given extra records (name to bytes), version
   * 3.
   */
  static byte[] zip(byte[] pickle, Map<String, byte[]> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      TorchZipWriter zip = new TorchZipWriter(bytes, "archive");
      zip.writeRecord("data.pkl", ByteBuffer.wrap(pickle));
      for (Map.Entry<String, byte[]> record : records.entrySet()) {
        zip.writeRecord(record.getKey(), ByteBuffer.wrap(record.getValue()));
      }
      zip.writeRecord("version", ByteBuffer.wrap(new byte[] {'3', '\n'}));
      zip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Map<String, byte[]> records(Object... nameThenBytes) {
    Map<String, byte[]> records = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      records.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
    }
    return records;
  }

  /** Little-endian float32 bytes of 0, 1, ..., n-1. */
  static byte[] iota(int n) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bytes.putFloat(i);
    }
    return bytes.array();
  }
}
