package org.rnnt4j.checkpoint.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.FormatException;

/**
 * Hostile or broken archives: each must fail with a message naming the archive and the problem, and
 * must leave nothing behind (no target directory, no staging directory, nothing outside).
 */
class NemoArchiveTamperTest {
  @TempDir Path dir;
  private Path work;
  private Path target;
  private byte[] weights;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createDirectories(dir.resolve("work"));
    target = work.resolve("out");
    weights = Fixtures.member("contextnet_tiny", "./model_weights.ckpt");
  }

  @Test
  void theBaseArchiveOfTheseTestsIsValid() {
    Path archive = TarBuilder.nemo(weights).writeTo(dir.resolve("ok.nemo"));
    NemoArchive.extract(archive, target);
    assertTrue(Files.isRegularFile(target.resolve("model_weights.ckpt")));
    assertEquals(37, NemoArchive.read(archive).stateDict().size());
  }

  @Test
  void anEntryClimbingOutOfTheTargetIsRefused() {
    Path archive =
        TarBuilder.nemo(weights)
            .file("./../evil", new byte[] {1})
            .writeTo(dir.resolve("climb.nemo"));
    assertRefused(archive, "'./../evil'", "outside the target directory");
    assertFalse(Files.exists(work.resolve("evil")));
    assertFalse(Files.exists(dir.resolve("evil")));
  }

  @Test
  void aDeeperClimbHiddenBehindAFolderIsRefused() {
    Path archive =
        TarBuilder.nemo(weights)
            .file("./sub/../../../evil", new byte[] {1})
            .writeTo(dir.resolve("climb2.nemo"));
    assertRefused(archive, "'./sub/../../../evil'", "climbs above the archive root");
  }

  @Test
  void anAbsolutePathIsRefused() {
    Path outside = dir.resolve("absolute-evil");
    Path archive =
        TarBuilder.nemo(weights)
            .file(outside.toString(), new byte[] {1})
            .writeTo(dir.resolve("absolute.nemo"));
    assertRefused(archive, "'" + outside + "'", "absolute");
    assertFalse(Files.exists(outside));
  }

  @Test
  void aSymlinkPointingOutsideIsRefused() {
    Path archive =
        TarBuilder.nemo(weights)
            .symlink("./escape", "../../..")
            .file("./escape/evil", new byte[] {1})
            .writeTo(dir.resolve("symlink.nemo"));
    assertRefused(archive, "'./escape'", "symbolic link to '../../..'");
  }

  @Test
  void aHardLinkIsRefused() {
    Path archive =
        TarBuilder.nemo(weights)
            .hardlink("./passwd", "/etc/passwd")
            .writeTo(dir.resolve("hardlink.nemo"));
    assertRefused(archive, "'./passwd'", "hard link to '/etc/passwd'");
  }

  @Test
  void aDeviceEntryIsRefused() {
    Path archive =
        TarBuilder.nemo(weights)
            .special("./tty", org.apache.commons.compress.archivers.tar.TarConstants.LF_CHR)
            .writeTo(dir.resolve("device.nemo"));
    assertRefused(archive, "'./tty'", "neither a regular file nor a directory");
  }

  @Test
  void aSecondCopyOfTheWeightsIsRefused() {
    Path archive =
        TarBuilder.nemo(weights)
            .file("model_weights.ckpt", new byte[] {1})
            .writeTo(dir.resolve("twice.nemo"));
    assertRefused(archive, "'model_weights.ckpt' occurs twice");
  }

  @Test
  void missingWeightsAreReported() {
    Path archive =
        new TarBuilder()
            .directory("./")
            .file("./model_config.yaml", "a: 1\n".getBytes())
            .writeTo(dir.resolve("noweights.nemo"));
    assertRefused(archive, "has no model_weights.ckpt", "model_config.yaml");
  }

  @Test
  void aMissingConfigIsReported() {
    Path archive =
        new TarBuilder()
            .directory("./")
            .file("./model_weights.ckpt", weights)
            .writeTo(dir.resolve("noconfig.nemo"));
    assertRefused(archive, "has no model_config.yaml", "not a .nemo model archive");
  }

  @Test
  void aTruncatedCheckpointIsReportedWithTheArchiveName() {
    Path archive =
        TarBuilder.nemo(Arrays.copyOf(weights, weights.length - 100))
            .writeTo(dir.resolve("truncated.nemo"));
    assertRefused(archive, "truncated.nemo!/model_weights.ckpt: ", "truncated");
  }

  @Test
  void aForbiddenGlobalInsideDataPklIsReported() {
    PickleWriter pickle = new PickleWriter();
    pickle.global("os", "system");
    pickle.string("echo pwned");
    pickle.tuple(1);
    pickle.reduce();
    byte[] evilWeights = SyntheticCheckpoints.zip(pickle.finish(), SyntheticCheckpoints.records());
    Path archive = TarBuilder.nemo(evilWeights).writeTo(dir.resolve("global.nemo"));
    assertRefused(archive, "global.nemo!/model_weights.ckpt: ", "'os.system'");
  }

  @Test
  void aTruncatedArchiveIsReported() throws IOException {
    Path whole = TarBuilder.nemo(weights).writeTo(dir.resolve("whole.nemo"));
    byte[] bytes = Files.readAllBytes(whole);
    Path archive =
        Files.write(dir.resolve("cut.nemo"), Arrays.copyOf(bytes, 2048 + weights.length / 2));
    assertRefused(archive, "cut.nemo: ", "truncated");
  }

  /** Both read and extract fail naming the archive; the target stays absent, then stays empty. */
  private void assertRefused(Path archive, String... fragments) {
    FormatException onRead = assertThrows(FormatException.class, () -> NemoArchive.read(archive));
    FormatException onExtract =
        assertThrows(FormatException.class, () -> NemoArchive.extract(archive, target));
    for (FormatException error : List.of(onRead, onExtract)) {
      assertTrue(error.getMessage().startsWith(archive.toString()), error.getMessage());
      for (String fragment : fragments) {
        assertTrue(
            error.getMessage().contains(fragment),
            "'" + fragment + "' not in: " + error.getMessage());
      }
    }
    assertFalse(Files.exists(target), "no target directory");
    assertTrue(listing(work).isEmpty(), "nothing left in " + work + ": " + listing(work));

    try {
      Files.createDirectory(target);
      assertThrows(FormatException.class, () -> NemoArchive.extract(archive, target));
      assertTrue(listing(target).isEmpty(), "an existing empty target stays empty");
      assertEquals(List.of("out"), listing(work));
      Files.delete(target);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> listing(Path folder) {
    try {
      return NemoArchiveTest.listing(folder);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
