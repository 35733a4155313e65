package org.rnnt4j.data.hub;

import org.rnnt4j.hub.Checksums;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.data.ColumnNames;
import org.rnnt4j.data.SynthEnTable;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.util.DataException;

/** Downloads from a local imitation of the Hub into the HF cache layout, then reads it offline. */
class HubDownloadTest {
  private static final String REPO = "synth/en_small";
  private static final String SHARD = "data/validation-00000-of-00001.parquet";
  private static final String CARD =
      "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n"
          + "  - split: validation\n    path: data/validation-*\n---\n# synth_en\n";

  @TempDir Path home;
  private FakeHub hub;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    hub = new FakeHub(REPO);
    hub.files.put(".gitattributes", "*.parquet filter=lfs diff=lfs merge=lfs -text\n".getBytes(StandardCharsets.UTF_8));
    hub.files.put("README.md", CARD.getBytes(StandardCharsets.UTF_8));
    hub.files.put("data/train-00000-of-00001.parquet", "not needed".getBytes(StandardCharsets.UTF_8));
    hub.files.put(SHARD, Files.readAllBytes(SynthEnTable.resource("synth_en_arrow_rs/" + SHARD)));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private HubEnvironment env(String token) {
    Map<String, String> vars = new java.util.HashMap<>(Map.of("HF_HOME", home.resolve("hf").toString(), "HF_ENDPOINT", hub.endpoint()));
    if (token != null) {
      vars.put("HF_TOKEN", token);
    }
    return HubEnvironment.from(vars, home);
  }

  private Path repoFolder() {
    return home.resolve("hf/hub/datasets--synth--en_small");
  }

  @Test
  void downloadsOnlyTheWantedSplitThenReadsOffline() throws Exception {
    DatasetResolver.Resolved r =
        new DatasetResolver(env("secret"), null).downloadAndOpen(REPO, null, ColumnNames.defaults(), List.of("validation"), log::add);
    assertEquals(DatasetResolver.Origin.HUB_CACHE, r.origin());
    assertEquals(REPO, r.datasetId());
    assertEquals(FakeHub.COMMIT, Files.readString(repoFolder().resolve("refs/main")));
    Path link = repoFolder().resolve("snapshots/" + FakeHub.COMMIT + "/" + SHARD);
    assertTrue(Files.isSymbolicLink(link), "snapshot files link into blobs/ as huggingface_hub makes them");
    String sha256 = FakeHub.hex("SHA-256", hub.files.get(SHARD));
    assertEquals(Path.of("../../../blobs/" + sha256), Files.readSymbolicLink(link));
    assertFalse(Files.exists(repoFolder().resolve("snapshots/" + FakeHub.COMMIT + "/data/train-00000-of-00001.parquet")), "train was not asked for");
    assertTrue(Files.isRegularFile(repoFolder().resolve("blobs/" + FakeHub.gitBlobId(hub.files.get("README.md")))), "README named by git blob id");
    assertEquals(List.of("Bearer secret"), hub.authorizations.stream().distinct().toList(), "the token goes to the Hub");
    assertEquals(List.of("null"), hub.cdnAuthorizations.stream().distinct().toList(), "and never to a redirect's other host");

    // offline: a resolver whose endpoint does not answer still finds the snapshot
    HubEnvironment offline = env(null).withEndpoint("http://127.0.0.1:9");
    List<Utterance> rows = new DatasetResolver(offline, null).open(REPO, null, ColumnNames.defaults()).source().load("validation");
    assertEquals(32, rows.size());
    for (Utterance u : rows) {
      assertEquals(SynthEnTable.BY_ID.get(u.id()).sha256(), SynthEnTable.sha256(u.audio().readAllBytes()), u.id());
    }
    org.rnnt4j.hub.DownloadResult again = new HubDownload(env("secret"), log::add).download(HubRepoId.dataset(REPO), "main", null, List.of("validation"));
    assertEquals(0, again.filesDownloaded());
    assertEquals(2, again.filesReused());
  }

  @Test
  void resumesAnInterruptedDownloadWithARangeRequest() throws Exception {
    hub.cutFile = SHARD;
    hub.cutAfter = 100_000;
    HubDownload download = new HubDownload(env(null), log::add);
    UncheckedIOException cut = assertThrows(UncheckedIOException.class, () -> download.download(HubRepoId.dataset(REPO), "main", null, List.of("validation")));
    assertTrue(cut.getMessage().contains("stopped after 100000 of"), cut.getMessage());
    String sha256 = FakeHub.hex("SHA-256", hub.files.get(SHARD));
    assertEquals(100_000, Files.size(repoFolder().resolve("blobs/" + sha256 + ".incomplete")));
    assertFalse(Files.exists(repoFolder().resolve("refs/main")), "an interrupted download does not look complete");

    org.rnnt4j.hub.DownloadResult done = download.download(HubRepoId.dataset(REPO), "main", null, List.of("validation"));
    assertEquals(1, done.filesDownloaded());
    assertEquals(hub.files.get(SHARD).length - 100_000, done.bytesReceived(), "only the missing tail was fetched");
    assertTrue(hub.requests.stream().anyMatch(r -> r.startsWith("CDN /blob/" + SHARD + " Range:bytes=100000-")), hub.requests.toString());
    assertEquals(sha256, Checksums.sha256(repoFolder().resolve("blobs/" + sha256)));
    assertFalse(Files.exists(repoFolder().resolve("blobs/" + sha256 + ".incomplete")));
  }

  @Test
  void aCorruptDownloadIsDeletedAndNothingIsLinked() {
    hub.corruptFile = SHARD;
    DataException e = assertThrows(DataException.class,
        () -> new HubDownload(env(null), log::add).download(HubRepoId.dataset(REPO), "main", null, List.of("validation")));
    String sha256 = FakeHub.hex("SHA-256", hub.files.get(SHARD));
    assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("expected sha256 " + sha256), e.getMessage());
    assertFalse(Files.exists(repoFolder().resolve("blobs/" + sha256)));
    assertFalse(Files.exists(repoFolder().resolve("blobs/" + sha256 + ".incomplete")));
    assertFalse(Files.exists(repoFolder().resolve("snapshots/" + FakeHub.COMMIT + "/" + SHARD)));
  }

  @Test
  void aGatedDatasetWithoutTokenSaysWhatToDo() {
    hub.requiredToken = "secret";
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> new HubDownload(env(null), log::add).download(HubRepoId.dataset(REPO), "main", null, List.of()));
    assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("HF_TOKEN"), e.getMessage());
    assertEquals(2, new HubDownload(env("secret"), log::add).download(HubRepoId.dataset(REPO), "main", null, List.of()).filesDownloaded() - 1,
        "all splits when none is named: README, train and validation shards");
  }

  @Test
  void anUnknownRepositoryIs404WithAHint() {
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> new HubDownload(env(null), log::add).download(HubRepoId.dataset("synth/other"), "main", null, List.of()));
    assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("--dataset_name"), e.getMessage());
  }

  @Test
  void offlineModeRefusesToDownload() {
    HubEnvironment offline = HubEnvironment.from(Map.of("HF_HOME", home.toString(), "HF_HUB_OFFLINE", "1"), home);
    assertThrows(IllegalArgumentException.class, () -> new HubDownload(offline, log::add));
  }
}
