package org.rnnt4j.data.hub;

import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.data.ColumnNames;
import org.rnnt4j.data.SynthEnTable;

/** --dataset_name resolution: local folder, save_to_disk folder, the HF cache, else how to download. */
class DatasetResolverTest {
  private static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";

  @Test
  void aLocalRepositoryFolderComesFirst() {
    Path dir = SynthEnTable.resource("synth_en_arrow_rs");
    DatasetResolver.Resolved r = new DatasetResolver(HubEnvironment.from(Map.of(), dir), null).open(dir.toString(), null, ColumnNames.defaults());
    assertEquals(DatasetResolver.Origin.LOCAL_REPOSITORY, r.origin());
    assertEquals(32, r.source().numRows("validation"));
  }

  @Test
  void aSaveToDiskFolderIsRecognised() {
    Path dir = SynthEnTable.resource("synth_en_save_to_disk");
    DatasetResolver.Resolved r = new DatasetResolver(HubEnvironment.from(Map.of(), dir), null).open(dir.toString(), null, ColumnNames.defaults());
    assertEquals(DatasetResolver.Origin.SAVE_TO_DISK, r.origin());
    assertEquals(32, r.source().numRows("validation"));
  }

  @Test
  void aRepositoryIdIsFoundInTheCacheByItsRef(@TempDir Path home) throws Exception {
    Path cache = home.resolve("custom-cache");
    Path repo = cache.resolve("datasets--synth--en");
    Path snapshot = repo.resolve("snapshots").resolve(COMMIT);
    Files.createDirectories(snapshot.resolve("data"));
    Path source = SynthEnTable.resource("synth_en_arrow_rs");
    Files.copy(source.resolve("README.md"), snapshot.resolve("README.md"));
    Path blob = repo.resolve("blobs/abc");
    Files.createDirectories(blob.getParent());
    Files.copy(source.resolve("data/validation-00000-of-00001.parquet"), blob);
    Files.createSymbolicLink(snapshot.resolve("data/validation-00000-of-00001.parquet"), Path.of("../../../blobs/abc"));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), COMMIT);
    HubEnvironment env = HubEnvironment.from(Map.of("HF_HUB_CACHE", cache.toString(), "HF_HOME", home.resolve("elsewhere").toString()), home);
    assertEquals(cache, env.cacheDir(), "HF_HUB_CACHE wins over HF_HOME");
    DatasetResolver.Resolved r = new DatasetResolver(env, null).open("synth/en", null, ColumnNames.defaults());
    assertEquals(DatasetResolver.Origin.HUB_CACHE, r.origin());
    assertEquals("synth/en", r.datasetId());
    assertEquals(32, r.source().load("validation[:50%]").size() * 2);
    // a commit revision needs no ref
    assertEquals(32, new DatasetResolver(env, COMMIT).open("synth/en", null, ColumnNames.defaults()).source().numRows("validation"));
  }

  @Test
  void anUncachedIdSaysHowToDownloadIt(@TempDir Path home) {
    HubEnvironment env = HubEnvironment.from(Map.of("HF_HOME", home.toString()), home);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DatasetResolver(env, null).open("openslr/librispeech_asr", "clean", ColumnNames.defaults()));
    assertTrue(e.getMessage().contains("rnnt4j download openslr/librispeech_asr --dataset_config_name clean"), e.getMessage());
    assertTrue(e.getMessage().contains("--download") && e.getMessage().contains(home.resolve("hub").toString()), e.getMessage());
    IllegalArgumentException notId = assertThrows(IllegalArgumentException.class,
        () -> new DatasetResolver(env, null).open("/no/such/folder", null, ColumnNames.defaults()));
    assertTrue(notId.getMessage().contains("not a folder"), notId.getMessage());
  }

  @Test
  void environmentFollowsHuggingfaceHub(@TempDir Path home) throws Exception {
    HubEnvironment defaults = HubEnvironment.from(Map.of(), home);
    assertEquals(home.resolve(".cache/huggingface/hub"), defaults.cacheDir());
    assertEquals("https://huggingface.co", defaults.endpoint());
    Files.createDirectories(home.resolve("hf"));
    Files.writeString(home.resolve("hf/token"), "hf_from_file\n");
    HubEnvironment fromFile = HubEnvironment.from(Map.of("HF_HOME", home.resolve("hf").toString(), "HF_ENDPOINT", "http://127.0.0.1:1234/"), home);
    assertEquals("hf_from_file", fromFile.token());
    assertEquals("http://127.0.0.1:1234", fromFile.endpoint());
    assertTrue(!fromFile.toString().contains("hf_from_file"), "the token is never printed");
    assertEquals(home.resolve("xdg/huggingface/hub"), HubEnvironment.from(Map.of("XDG_CACHE_HOME", home.resolve("xdg").toString()), home).cacheDir());
  }

  @Test
  void repositoryIdsAreValidatedAsTheHubDoes() {
    assertTrue(HubRepoId.looksLikeRepoId("LIUM/tedlium"));
    assertTrue(HubRepoId.looksLikeRepoId("librispeech_asr"));
    assertTrue(!HubRepoId.looksLikeRepoId("a/b/c"));
    assertTrue(!HubRepoId.looksLikeRepoId("a--b/c"));
    assertTrue(!HubRepoId.looksLikeRepoId("../x"));
    assertEquals("datasets--LIUM--tedlium", HubRepoId.dataset("LIUM/tedlium").cacheFolderName());
  }
}
