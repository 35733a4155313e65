package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * Reads state dicts saved by {@code torch.save} (PyTorch's zip format, 1.6 and later), such as a
 * {@code .nemo} archive's {@code model_weights.ckpt}, without Python or libtorch.
 *
 * <p>The zip holds {@code <prefix>/data.pkl} (a pickle of the {@code OrderedDict}), one record
 * {@code <prefix>/data/<key>} per tensor storage, {@code <prefix>/version} and, from newer PyTorch,
 * {@code <prefix>/byteorder}; the prefix is whatever the first record uses ({@code model_weights}
 * in {@code .nemo} files, {@code archive} or the file's base name elsewhere), as in PyTorch's
 * {@code PyTorchStreamReader}. The pickle is read with the rules of {@code
 * torch.load(weights_only=True)} (see {@link TorchUnpickler}). Tensors come back contiguous,
 * row-major and little-endian, in state-dict order; contiguous tensors of a file are memory-mapped,
 * not copied.
 */
public final class TorchCheckpointReader {
  /** The highest {@code version} record PyTorch's reader accepts today is below this bound. */
  private static final int MAX_VERSION = 10;

  private TorchCheckpointReader() {}

  /**
   * The state dict of a {@code torch.save} file, in state-dict order.
   *
   * @throws FormatException naming the file if it is not a readable torch.save state dict
   * @throws UncheckedIOException if the file cannot be read
   */
  public static LinkedHashMap<String, NamedArray> read(Path checkpoint) {
    return readCheckpoint(checkpoint).stateDictCopy();
  }

  /**
   * Like {@link #read(Path)} for the bytes of such a file; {@code sourceName} names it in errors.
   */
  public static LinkedHashMap<String, NamedArray> read(ByteBuffer zipBytes, String sourceName) {
    return readCheckpoint(zipBytes, sourceName).stateDictCopy();
  }

  /** The state dict of a {@code torch.save} file with its {@code _metadata}. */
  public static TorchCheckpoint readCheckpoint(Path checkpoint) {
    Checks.notNull(checkpoint, "checkpoint");
    try (FileChannel channel = FileChannel.open(checkpoint, StandardOpenOption.READ)) {
      return readCheckpoint(ByteSource.of(channel, 0, channel.size()), checkpoint.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpoint + ": " + e.getMessage(), e);
    }
  }

  /**
   * Like {@link #readCheckpoint(Path)} for the bytes of such a file; {@code sourceName} names it in
   * errors.
   */
  public static TorchCheckpoint readCheckpoint(ByteBuffer zipBytes, String sourceName) {
    Checks.notNull(zipBytes, "zipBytes");
    try {
      return readCheckpoint(ByteSource.of(zipBytes), sourceName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sourceName + ": " + e.getMessage(), e);
    }
  }

  static TorchCheckpoint readCheckpoint(ByteSource source, String file) throws IOException {
    rejectLegacyFormat(source, file);
    ZipDirectory zip = ZipDirectory.read(file, source);
    List<String> names = zip.names();
    if (names.isEmpty() || names.get(0).indexOf('/') <= 0) {
      throw new FormatException(
          file,
          "is a zip whose first record "
              + (names.isEmpty() ? "is missing" : "'" + names.get(0) + "' is not in a folder")
              + "; torch.save puts every record under one folder");
    }
    String prefix = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
    if (!zip.contains(prefix + "data.pkl")) {
      String hint =
          zip.contains(prefix + "constants.pkl")
              ? " (it looks like a TorchScript archive, which is not a state dict)"
              : "";
      throw new FormatException(file, "has no record " + prefix + "data.pkl" + hint);
    }
    checkVersion(zip, prefix, file);
    boolean bigEndian = isBigEndian(zip, prefix, file);
    ByteBuffer pickleBytes = zip.read(prefix + "data.pkl");
    byte[] pickle = new byte[pickleBytes.remaining()];
    pickleBytes.duplicate().get(pickle);
    Object root = new TorchUnpickler(file).unpickle(pickle);
    if (!(root instanceof Map<?, ?> dict)) {
      throw new FormatException(
          file,
          "data.pkl holds a "
              + (root == null ? "None" : root.getClass().getSimpleName())
              + ", expected a state dict (an OrderedDict of tensors)");
    }
    Map<String, ByteBuffer> storages = new HashMap<>();
    LinkedHashMap<String, NamedArray> stateDict = new LinkedHashMap<>();
    for (Map.Entry<?, ?> item : dict.entrySet()) {
      if (!(item.getKey() instanceof String key)
          || !(item.getValue() instanceof PickledTensor tensor)) {
        throw new FormatException(
            file,
            "data.pkl maps "
                + item.getKey()
                + " to a "
                + (item.getValue() == null ? "None" : item.getValue().getClass().getSimpleName())
                + "; a state dict maps string keys to tensors");
      }
      ByteBuffer bytes = storages.get(tensor.storage().key());
      if (bytes == null) {
        bytes = zip.read(prefix + "data/" + tensor.storage().key());
        storages.put(tensor.storage().key(), bytes);
      }
      stateDict.put(key, StridedCopy.materialize(file, key, tensor, bytes, bigEndian));
    }
    return new TorchCheckpoint(stateDict, metadata(root, file));
  }

  private static void rejectLegacyFormat(ByteSource source, String file) throws IOException {
    if (source.size() >= 2 && Byte.toUnsignedInt(source.slice(0, 1).get(0)) == 0x80) {
      throw new FormatException(
          file,
          "is a legacy (PyTorch < 1.6) torch.save file, not the zip format; re-save it with a newer"
              + " PyTorch");
    }
  }

  private static void checkVersion(ZipDirectory zip, String prefix, String file)
      throws IOException {
    String name = zip.contains(prefix + "version") ? prefix + "version" : prefix + ".data/version";
    if (!zip.contains(name)) {
      throw new FormatException(
          file, "has no record " + prefix + "version, which every torch.save zip has");
    }
    String text = StandardCharsets.UTF_8.decode(zip.read(name)).toString().trim();
    long version;
    try {
      version = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new FormatException(
          file, "record " + name + " holds '" + text + "', expected a format version number", e);
    }
    if (version < 1) {
      throw new FormatException(
          file,
          "format version "
              + version
              + " is older than any PyTorch zip format (1 or more expected)");
    }
    if (version > MAX_VERSION) {
      throw new FormatException(
          file,
          "format version "
              + version
              + " is newer than this reader knows (up to "
              + MAX_VERSION
              + ")");
    }
  }

  private static boolean isBigEndian(ZipDirectory zip, String prefix, String file)
      throws IOException {
    if (!zip.contains(prefix + "byteorder")) {
      return false;
    }
    String order = StandardCharsets.UTF_8.decode(zip.read(prefix + "byteorder")).toString();
    return switch (order) {
      case "little" -> false;
      case "big" -> true;
      default ->
          throw new FormatException(
              file,
              "record " + prefix + "byteorder holds '" + order + "', expected 'little' or 'big'");
    };
  }

  private static Map<String, Map<String, Object>> metadata(Object root, String file) {
    if (!(root instanceof TorchUnpickler.OrderedDictObject dict)
        || !dict.attributes().containsKey("_metadata")) {
      return Map.of();
    }
    if (!(dict.attributes().get("_metadata") instanceof Map<?, ?> prefixes)) {
      throw new FormatException(file, "data.pkl sets _metadata to something other than a dict");
    }
    Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : prefixes.entrySet()) {
      if (!(entry.getKey() instanceof String prefix)
          || !(entry.getValue() instanceof Map<?, ?> values)) {
        throw new FormatException(
            file,
            "data.pkl has a _metadata entry "
                + entry.getKey()
                + " that is not a string -> dict item");
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> value : values.entrySet()) {
        copy.put(String.valueOf(value.getKey()), normalise(value.getValue(), file));
      }
      metadata.put(prefix, copy);
    }
    return metadata;
  }

  private static Object normalise(Object value, String file) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    throw new FormatException(
        file,
        "data.pkl has a _metadata value of type "
            + value.getClass().getSimpleName()
            + ", expected an int, string, bool or None");
  }
}
