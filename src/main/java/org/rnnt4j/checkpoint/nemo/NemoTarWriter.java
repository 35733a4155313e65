package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Streams a {@code .nemo} tar: the directory member {@code ./}, then each file as {@code ./<name>}
 * in sorted name order, as Python's {@code tarfile.add(folder, arcname=".")} does for NeMo. POSIX
 * (pax) extensions are used only where ustar cannot hold a value (long or non-ASCII names, files
 * over 8 GiB).
 */
final class NemoTarWriter {
  @FunctionalInterface
  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private record Member(long size, Content content) {}

  /**
   * Permission bits only, as Python's tarfile and GNU tar store them (commons-compress adds type
   * bits).
   */
  private static final int DIRECTORY_MODE = 0755;

  private static final int FILE_MODE = 0644;

  private NemoTarWriter() {}

  /** Writes the archive to {@code out}, which is flushed but left open. */
  static void write(
      OutputStream out,
      String modelConfigYaml,
      TorchCheckpoint weights,
      Map<String, NemoArtifact> artifacts)
      throws IOException {
    Map<String, Member> members = new TreeMap<>();
    byte[] config = modelConfigYaml.getBytes(StandardCharsets.UTF_8);
    members.put(NemoArchive.MODEL_CONFIG, new Member(config.length, o -> o.write(config)));
    Content checkpoint =
        o ->
            TorchCheckpointWriter.write(
                o, NemoArchive.WEIGHTS_PREFIX, weights, TorchZipLayout.WITH_BYTEORDER);
    members.put(NemoArchive.MODEL_WEIGHTS, new Member(sizeOf(checkpoint), checkpoint));
    for (Map.Entry<String, NemoArtifact> artifact : artifacts.entrySet()) {
      NemoArtifact content = artifact.getValue();
      members.put(artifact.getKey(), new Member(content.size(), content::copyTo));
    }

    FileTime now = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    TarArchiveEntry root = entry("./", DIRECTORY_MODE, now);
    tar.putArchiveEntry(root);
    tar.closeArchiveEntry();
    for (Map.Entry<String, Member> member : members.entrySet()) {
      TarArchiveEntry file = entry("./" + member.getKey(), FILE_MODE, now);
      file.setSize(member.getValue().size());
      tar.putArchiveEntry(file);
      member.getValue().content().writeTo(tar);
      tar.closeArchiveEntry();
    }
    tar.finish();
    out.flush();
  }

  private static TarArchiveEntry entry(String name, int mode, FileTime time) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(mode);
    entry.setLastModifiedTime(time);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    return entry;
  }

  /** The number of bytes {@code content} writes; a tar header needs it before the data. */
  private static long sizeOf(Content content) throws IOException {
    long[] count = {0};
    content.writeTo(
        new OutputStream() {
          @Override
          public void write(int b) {
            count[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            count[0] += len;
          }
        });
    return count[0];
  }
}
