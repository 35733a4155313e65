package org.rnnt4j.checkpoint.nemo;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.rnnt4j.util.FormatException;

/**
 * An open {@code .nemo} tar whose members have all been checked before anyone reads them: names are
 * normalised and confined to the archive root ({@link TarEntryPaths}), only regular files and
 * directories are allowed (links, devices and sparse files are refused), no path occurs twice, and
 * no file lies past the end of the archive.
 *
 * <p>NeMo writes uncompressed tars since 1.7 and older releases gzip-compressed ones; a gzip file
 * (magic {@code 1f 8b}) is inflated to a temporary tar first, so that every member is a region of a
 * file that {@link #region} can memory-map.
 */
final class NemoTar implements Closeable {
  /** A validated member: {@code path} relative to the root ("" never occurs). */
  record Member(
      String path, boolean directory, long size, long dataOffset, TarArchiveEntry entry) {}

  private final Path archive;
  private final Path inflated;
  private final FileChannel channel;
  private final TarFile tar;
  private final List<Member> members;

  private NemoTar(
      Path archive, Path inflated, FileChannel channel, TarFile tar, List<Member> members) {
    this.archive = archive;
    this.inflated = inflated;
    this.channel = channel;
    this.tar = tar;
    this.members = members;
  }

  /**
   * @throws FormatException naming {@code archive} if it is not a tar or a member is unsafe
   */
  static NemoTar open(Path archive) throws IOException {
    Path inflated = isGzip(archive) ? inflate(archive) : null;
    FileChannel channel =
        FileChannel.open(inflated != null ? inflated : archive, StandardOpenOption.READ);
    try {
      TarFile tar;
      try {
        tar = new TarFile(channel);
      } catch (IOException | IllegalArgumentException e) {
        throw new FormatException(
            archive.toString(),
            "is not a readable tar archive, or is truncated (" + e.getMessage() + ")",
            e);
      }
      return new NemoTar(
          archive, inflated, channel, tar, validate(archive, tar.getEntries(), channel.size()));
    } catch (IOException | RuntimeException e) {
      channel.close();
      deleteQuietly(inflated);
      throw e;
    }
  }

  /** The validated members in archive order. */
  List<Member> members() {
    return members;
  }

  /** The member at {@code path}, if it is a regular file. */
  Member file(String path) {
    for (Member member : members) {
      if (!member.directory() && member.path().equals(path)) {
        return member;
      }
    }
    return null;
  }

  InputStream open(Member member) throws IOException {
    return tar.getInputStream(member.entry());
  }

  /** The member's bytes as a region of the (inflated) archive file. */
  ByteSource region(Member member) {
    return ByteSource.of(channel, member.dataOffset(), member.size());
  }

  @Override
  public void close() throws IOException {
    try {
      tar.close();
    } finally {
      channel.close();
      deleteQuietly(inflated);
    }
  }

  private static List<Member> validate(
      Path archive, List<TarArchiveEntry> entries, long archiveSize) {
    String file = archive.toString();
    List<Member> members = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    for (TarArchiveEntry entry : entries) {
      String name = entry.getName();
      if (entry.isSymbolicLink() || entry.isLink()) {
        throw new FormatException(
            file,
            "entry '"
                + name
                + "' is a "
                + (entry.isSymbolicLink() ? "symbolic" : "hard")
                + " link to '"
                + entry.getLinkName()
                + "'; a .nemo archive holds only files and directories, so it is refused");
      }
      byte type = entry.getLinkFlag();
      boolean regular =
          type == TarConstants.LF_NORMAL
              || type == TarConstants.LF_OLDNORM
              || type == TarConstants.LF_CONTIG;
      // Old (v7) tars mark folders only by a trailing slash, as Python's tarfile also accepts.
      boolean directory = type == TarConstants.LF_DIR || (regular && name.endsWith("/"));
      if (!directory && (!regular || entry.isSparse())) {
        throw new FormatException(
            file,
            "entry '"
                + name
                + "' is neither a regular file nor a directory (tar type '"
                + (char) type
                + "'); refusing it");
      }
      String path = TarEntryPaths.normalise(file, name);
      if (path.isEmpty()) {
        if (!directory) {
          throw new FormatException(
              file, "entry '" + name + "' is a file named like the archive root");
        }
        continue;
      }
      Boolean earlier = seen.put(path, directory);
      if (earlier != null && !(earlier && directory)) {
        throw new FormatException(
            file,
            "entry '" + name + "' occurs twice (as " + path + "); refusing an ambiguous archive");
      }
      if (!directory && entry.getDataOffset() + entry.getSize() > archiveSize) {
        throw new FormatException(
            file,
            "entry '"
                + name
                + "' needs "
                + entry.getSize()
                + " bytes but the archive ends first (truncated?)");
      }
      members.add(
          new Member(
              path, directory, directory ? 0 : entry.getSize(), entry.getDataOffset(), entry));
    }
    // A file may not also be a folder of another member (a/b as a file and a/b/c beneath it).
    for (Member member : members) {
      for (int slash = member.path().indexOf('/');
          slash > 0;
          slash = member.path().indexOf('/', slash + 1)) {
        if (Boolean.FALSE.equals(seen.get(member.path().substring(0, slash)))) {
          throw new FormatException(
              file,
              "entry '"
                  + member.entry().getName()
                  + "' lies beneath a regular file of the archive");
        }
      }
    }
    return Collections.unmodifiableList(members);
  }

  private static boolean isGzip(Path archive) throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static Path inflate(Path archive) throws IOException {
    Path tar = Files.createTempFile("rnnt4j-nemo-", ".tar");
    try (InputStream in =
        new GzipCompressorInputStream(
            new BufferedInputStream(Files.newInputStream(archive)), true)) {
      Files.copy(in, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return tar;
    } catch (IOException e) {
      deleteQuietly(tar);
      throw new FormatException(
          archive.toString(), "is a gzip file that does not inflate (" + e.getMessage() + ")", e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }
}
