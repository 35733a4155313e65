package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * Writes a state dict the way {@code torch.save(state_dict, f)} does, so that {@code torch.load}
 * (and NeMo's {@code restore_from}, for a {@code .nemo}'s {@code model_weights.ckpt}) reads it: a
 * zip of stored records {@code <prefix>/data.pkl} (see {@link StateDictPickler}), optionally {@code
 * <prefix>/byteorder}, {@code <prefix>/data/<n>} (the raw little-endian bytes of the n-th tensor,
 * records in string order of {@code n} as PyTorch sorts them) and {@code <prefix>/version} ({@code
 * 3}), laid out as {@link TorchZipWriter} describes. Given the state dict and metadata a PyTorch
 * 1.13 file was read into, {@link TorchZipLayout#WITHOUT_BYTEORDER} reproduces that file byte for
 * byte.
 */
public final class TorchCheckpointWriter {
  /**
   * The value torch.save writes in the {@code version} record (PyTorch's
   * kMinProducedFileFormatVersion).
   */
  private static final String VERSION = "3\n";

  private TorchCheckpointWriter() {}

  /**
   * Writes {@code stateDict} (without {@code _metadata}) atomically to {@code out}, as PyTorch 2.1+
   * would.
   */
  public static void write(Path out, String prefix, LinkedHashMap<String, NamedArray> stateDict) {
    write(out, prefix, TorchCheckpoint.of(stateDict), TorchZipLayout.WITH_BYTEORDER);
  }

  /** Writes {@code stateDict} (without {@code _metadata}) to a stream, as PyTorch 2.1+ would. */
  public static void write(
      OutputStream out, String prefix, LinkedHashMap<String, NamedArray> stateDict)
      throws IOException {
    write(out, prefix, TorchCheckpoint.of(stateDict), TorchZipLayout.WITH_BYTEORDER);
  }

  /**
   * Writes {@code checkpoint} atomically (temporary sibling, fsync, rename) to {@code out}.
   *
   * @param prefix the folder of every record: {@code model_weights} inside {@code .nemo} files;
   *     torch.save uses the file's base name, or {@code archive} for streams
   */
  public static void write(
      Path out, String prefix, TorchCheckpoint checkpoint, TorchZipLayout layout) {
    Checks.notNull(out, "out");
    AtomicFiles.write(out, stream -> write(stream, prefix, checkpoint, layout));
  }

  /** Writes {@code checkpoint} to a stream, which is flushed but left open. */
  public static void write(
      OutputStream out, String prefix, TorchCheckpoint checkpoint, TorchZipLayout layout)
      throws IOException {
    Checks.notNull(out, "out");
    Checks.notNull(checkpoint, "checkpoint");
    Checks.notNull(layout, "layout");
    Checks.argument(
        prefix != null && !prefix.isEmpty() && !prefix.contains("/") && !prefix.contains("\\"),
        "prefix must be a non-empty folder name without slashes, got '%s'",
        prefix);
    TorchZipWriter zip = new TorchZipWriter(out, prefix);
    zip.writeRecord("data.pkl", ByteBuffer.wrap(StateDictPickler.pickle(checkpoint)));
    if (layout == TorchZipLayout.WITH_BYTEORDER) {
      zip.writeRecord("byteorder", ByteBuffer.wrap("little".getBytes(StandardCharsets.US_ASCII)));
    }
    NamedArray[] tensors = checkpoint.stateDict().values().toArray(new NamedArray[0]);
    TreeSet<String> keys = new TreeSet<>();
    for (int i = 0; i < tensors.length; i++) {
      keys.add(Integer.toString(i));
    }
    for (String key : keys) {
      zip.writeRecord("data/" + key, tensors[Integer.parseInt(key)].data());
    }
    zip.writeRecord("version", ByteBuffer.wrap(VERSION.getBytes(StandardCharsets.US_ASCII)));
    zip.finish();
  }
}
