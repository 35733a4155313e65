package org.rnnt4j.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.ModelLocation;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.hub.HubCache;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.testing.Goldens;

/** Finding M: local .nemo files, model directories, and Hub ids in a huggingface_hub cache layout. */
class ModelResolverTest {
  @TempDir Path tmp;

  @Test
  void theCacheRootFollowsHuggingFaceHubsEnvironmentVariables() {
    Path home = Path.of("/u");
    assertEquals(Path.of("/c/hub"), HubEnvironment.from(Map.of("HF_HUB_CACHE", "/c/hub", "HF_HOME", "/h"), home).cacheDir());
    assertEquals(Path.of("/h/hub"), HubEnvironment.from(Map.of("HF_HOME", "/h", "XDG_CACHE_HOME", "/x"), home).cacheDir());
    assertEquals(Path.of("/x/huggingface/hub"), HubEnvironment.from(Map.of("XDG_CACHE_HOME", "/x"), home).cacheDir());
    assertEquals(Path.of("/u/.cache/huggingface/hub"), HubEnvironment.from(Map.of(), home).cacheDir());
    assertEquals(Path.of("/u/.cache/huggingface/hub"), HubEnvironment.from(Map.of("HF_HUB_CACHE", ""), home).cacheDir());
    assertEquals(Path.of("/old/hub"), HubEnvironment.from(Map.of("HUGGINGFACE_HUB_CACHE", "/old/hub", "HF_HOME", "/h"), home).cacheDir());
  }

  @Test
  void aHubIdResolvesToTheNemoFileOfTheSnapshotThatRefsMainNames() throws IOException {
    Path cache = tmp.resolve("hub");
    String commit = "0123456789abcdef0123456789abcdef01234567";
    Path repo = cache.resolve("models--nvidia--stt_en_tiny");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), commit);
    Path blob = Files.createDirectories(repo.resolve("blobs")).resolve("deadbeef");
    Files.copy(Goldens.resource("nemo/contextnet_tiny.nemo"), blob);
    Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
    Files.createSymbolicLink(snapshot.resolve("stt_en_tiny.nemo"), Path.of("../../blobs/deadbeef"));
    Files.writeString(snapshot.resolve("README.md"), "model card");
    // an older snapshot that refs/main does not name is ignored
    Files.createDirectories(repo.resolve("snapshots/ffffffffffffffffffffffffffffffffffffffff"));

    ModelLocation found = new ModelResolver(new HubCache(cache)).locate("nvidia/stt_en_tiny");
    assertEquals(ModelLocation.Format.NEMO, found.format());
    assertEquals(snapshot.resolve("stt_en_tiny.nemo"), found.path());
    assertEquals(128, SavedModel.read(found).tokenizer().vocabSize());

    ModelLocation pinned = new ModelResolver(new HubCache(cache)).locate("nvidia/stt_en_tiny@" + commit);
    assertEquals(found.path(), pinned.path());
    IllegalArgumentException old =
        assertThrows(IllegalArgumentException.class, () -> new ModelResolver(new HubCache(cache)).locate("nvidia/stt_en_tiny@ffffffffffffffffffffffffffffffffffffffff"));
    assertTrue(old.getMessage().contains("holds neither"), old.getMessage());
  }

  @Test
  void anUncachedHubIdSaysWhereItLookedAndThatNothingIsDownloaded() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ModelResolver(new HubCache(tmp)).locate("nvidia/parakeet-rnnt-0.6b"));
    assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("huggingface-cli download nvidia/parakeet-rnnt-0.6b"), e.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> new ModelResolver(new HubCache(tmp)).locate(tmp.resolve("nope.nemo").toString()));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  @Test
  void localFilesAndDirectoriesAreRecognised() throws IOException {
    Path nemo = Goldens.resource("nemo/contextnet_tiny.nemo");
    assertEquals(ModelLocation.Format.NEMO, new ModelResolver(new HubCache(tmp)).locate(nemo.toString()).format());

    Path single = Files.createDirectories(tmp.resolve("single"));
    Files.copy(nemo, single.resolve("a.nemo"));
    assertEquals(single.resolve("a.nemo"), new ModelResolver(new HubCache(tmp)).locate(single.toString()).path());

    Files.copy(nemo, single.resolve("b.nemo"));
    IllegalArgumentException two =
        assertThrows(IllegalArgumentException.class, () -> new ModelResolver(new HubCache(tmp)).locate(single.toString()));
    assertTrue(two.getMessage().contains("several .nemo files [a.nemo, b.nemo]"), two.getMessage());

    Path modelDir = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(modelDir.resolve(ModelDirectory.CONFIG), "labels: []\n");
    assertEquals(ModelLocation.Format.DIRECTORY, new ModelResolver(new HubCache(tmp)).locate(modelDir.toString()).format());

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> new ModelResolver(new HubCache(tmp)).locate(empty.toString()));
    assertTrue(none.getMessage().contains("holds neither model_config.yaml nor a .nemo"), none.getMessage());
    assertFalse(HubRepoId.looksLikeRepoId("../x"));
    assertTrue(HubRepoId.looksLikeRepoId("nvidia/parakeet-rnnt-0.6b"));
  }
}
