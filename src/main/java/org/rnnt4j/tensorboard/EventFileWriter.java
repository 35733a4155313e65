package org.rnnt4j.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.rnnt4j.util.Checks;

/**
 * Writes one TensorBoard event file, {@code events.out.tfevents.{seconds}.{host}.{pid}.{n}} in a run
 * directory, as PyTorch's {@code SummaryWriter} names and fills it: a {@code file_version} record, then one
 * record per scalar or text. Every write is flushed, so TensorBoard (and {@code wandb sync}) see a running
 * job's points as they come; a file cut by a crash loses at most its last record.
 */
public final class EventFileWriter implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Path file;
  private final OutputStream stream;
  private final TfRecordWriter records;

  private EventFileWriter(Path file) throws IOException {
    this.file = file;
    this.stream = new BufferedOutputStream(Files.newOutputStream(file));
    this.records = new TfRecordWriter(stream);
    write(EventProtos.fileVersion(now()));
  }

  /** Creates {@code runDir} if needed and a new event file in it. */
  public static EventFileWriter create(Path runDir) {
    Checks.notNull(runDir, "run directory");
    try {
      Files.createDirectories(runDir);
      String name = String.format("events.out.tfevents.%010d.%s.%d.%d",
          System.currentTimeMillis() / 1000, hostName(), ProcessHandle.current().pid(), COUNTER.getAndIncrement());
      return new EventFileWriter(runDir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a TensorBoard event file in " + runDir + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** One point of the scalar series {@code tag} (TensorBoard stores it as float32). */
  public void scalar(String tag, long step, double value) {
    write(EventProtos.scalar(now(), step, tag, (float) value));
  }

  /** A text (markdown) for TensorBoard's text dashboard. */
  public void text(String tag, long step, String text) {
    write(EventProtos.text(now(), step, tag, text));
  }

  private void write(byte[] event) {
    try {
      records.write(event);
      stream.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }

  /** The host name as Python's {@code socket.gethostname()} gives it (also in HF's default run name). */
  public static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
