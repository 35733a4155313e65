package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes arbitrary (also malicious) tar archives with commons-compress, member by member. */
final class TarBuilder {
  private record Member(String name, byte type, byte[] content, String linkTarget) {}

  private final List<Member> members = new ArrayList<>();

  TarBuilder directory(String name) {
    members.add(new Member(name, TarConstants.LF_DIR, null, null));
    return this;
  }

  TarBuilder file(String name, byte[] content) {
    members.add(new Member(name, TarConstants.LF_NORMAL, content, null));
    return this;
  }

  TarBuilder symlink(String name, String target) {
    members.add(new Member(name, TarConstants.LF_SYMLINK, null, target));
    return this;
  }

  /**
   * A member of any other tar type ({@code TarConstants.LF_CHR}, {@code LF_FIFO}, ...), without
   * data.
   */
  TarBuilder special(String name, byte type) {
    members.add(new Member(name, type, null, null));
    return this;
  }

  TarBuilder hardlink(String name, String target) {
    members.add(new Member(name, TarConstants.LF_LINK, null, target));
    return this;
  }

  /**
   * A NeMo-like archive: ./, a config, the given weights and one artifact, plus whatever is added
   * later.
   */
  static TarBuilder nemo(byte[] weights) {
    return new TarBuilder()
        .directory("./")
        .file("./abc_tokenizer.model", new byte[] {1, 2, 3})
        .file(
            "./model_config.yaml",
            "tokenizer:\n  model_path: nemo:abc_tokenizer.model\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .file("./model_weights.ckpt", weights);
  }

  Path writeTo(Path file) {
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Member member : members) {
        // preserveAbsolutePath keeps names such as /etc/evil exactly as a hostile archive would
        // hold them.
        TarArchiveEntry entry = new TarArchiveEntry(member.name(), member.type(), true);
        if (member.linkTarget() != null) {
          entry.setLinkName(member.linkTarget());
        }
        if (member.content() != null) {
          entry.setSize(member.content().length);
        }
        tar.putArchiveEntry(entry);
        if (member.content() != null) {
          tar.write(member.content());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
