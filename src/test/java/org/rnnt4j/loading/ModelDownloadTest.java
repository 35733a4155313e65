package org.rnnt4j.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.ModelLocation;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.data.hub.FakeHub;
import org.rnnt4j.hub.Checksums;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.RepoType;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.DataException;

/**
 * NeMo pretrained names and Hub model ids resolved through a local imitation of the Hub: a bare name is
 * NVIDIA's {@code nvidia/NAME} repository holding {@code NAME.nemo}; it is downloaded only when asked,
 * resumed after a cut, checked against the listing's sha256, and found offline afterwards; a name the Hub
 * does not have fails listing what was tried.
 */
class ModelDownloadTest {
  private static final String NAME = "stt_en_tiny_transducer";
  private static final String ARCHIVE = NAME + ".nemo";

  @TempDir Path home;
  private FakeHub hub;
  private final List<String> log = new ArrayList<>();
  private byte[] nemo;

  @BeforeEach
  void serve() throws Exception {
    nemo = Files.readAllBytes(Goldens.resource("nemo/contextnet_tiny.nemo"));
    hub = new FakeHub(RepoType.MODEL, "nvidia/" + NAME);
    hub.files.put(".gitattributes", "*.nemo filter=lfs diff=lfs merge=lfs -text\n".getBytes(StandardCharsets.UTF_8));
    hub.files.put("README.md", ("---\nlicense: cc-by-4.0\n---\n# " + NAME + "\n").getBytes(StandardCharsets.UTF_8));
    hub.files.put(ARCHIVE, nemo);
    hub.files.put("older/" + NAME + "_v1.nemo", "an older archive nobody asked for".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private HubEnvironment env(String endpoint) {
    Map<String, String> vars = new HashMap<>(Map.of("HF_HOME", home.resolve("hf").toString(), "HF_ENDPOINT", endpoint));
    return HubEnvironment.from(vars, home);
  }

  private Path repoFolder() {
    return home.resolve("hf/hub/models--nvidia--" + NAME);
  }

  private Path blob() {
    return repoFolder().resolve("blobs/" + FakeHub.hex("SHA-256", nemo));
  }

  @Test
  void aNemoPretrainedNameIsDownloadedOnRequestThenFoundOffline() throws Exception {
    ModelLocation found = new ModelResolver(env(hub.endpoint()), true, log::add).locate(NAME);
    assertEquals(ModelLocation.Format.NEMO, found.format());
    Path snapshot = repoFolder().resolve("snapshots/" + FakeHub.COMMIT);
    assertEquals(snapshot.resolve(ARCHIVE), found.path());
    assertTrue(Files.isSymbolicLink(found.path()), "linked into blobs/ as huggingface_hub does");
    assertEquals(FakeHub.COMMIT, Files.readString(repoFolder().resolve("refs/main")));
    assertEquals(FakeHub.hex("SHA-256", nemo), Checksums.sha256(blob()));
    assertTrue(Files.exists(snapshot.resolve("README.md")), "the model card comes along");
    assertFalse(Files.exists(snapshot.resolve("older")), "only NAME.nemo of an NVIDIA repository");
    assertTrue(hub.requests.get(0).startsWith("GET /api/models/nvidia/" + NAME + "/revision/main"), hub.requests.toString());
    assertEquals(128, SavedModel.read(found).tokenizer().vocabSize());

    // offline: no download allowed, the Hub unreachable: the cached snapshot is found, under both names
    int requests = hub.requests.size();
    HubEnvironment dead = env("http://127.0.0.1:9");
    assertEquals(found.path(), new ModelResolver(dead, false, log::add).locate(NAME).path());
    assertEquals(found.path(), new ModelResolver(dead, false, log::add).locate("nvidia/" + NAME).path());
    assertEquals(found.path(), new ModelResolver(env(hub.endpoint()), true, log::add).locate(NAME).path(), "a cached model is not fetched again");
    assertEquals(requests, hub.requests.size());
  }

  @Test
  void aCutDownloadIsResumedWithARangeRequest() throws Exception {
    hub.cutFile = ARCHIVE;
    hub.cutAfter = 10_000;
    ModelResolver resolver = new ModelResolver(env(hub.endpoint()), true, log::add);
    UncheckedIOException cut = assertThrows(UncheckedIOException.class, () -> resolver.locate(NAME));
    assertTrue(cut.getMessage().contains("stopped after 10000 of " + nemo.length), cut.getMessage());
    assertEquals(10_000, Files.size(Path.of(blob() + ".incomplete")));
    assertFalse(Files.exists(repoFolder().resolve("refs/main")), "an interrupted download does not look complete");
    assertThrows(IllegalArgumentException.class, () -> new ModelResolver(env(hub.endpoint()), false, log::add).locate(NAME));

    ModelLocation found = resolver.locate(NAME);
    assertTrue(hub.requests.stream().anyMatch(r -> r.equals("CDN /blob/" + ARCHIVE + " Range:bytes=10000-")), hub.requests.toString());
    assertEquals(FakeHub.hex("SHA-256", nemo), Checksums.sha256(found.path()));
    assertFalse(Files.exists(Path.of(blob() + ".incomplete")));
  }

  @Test
  void aCorruptArchiveIsDeletedAndNothingIsLinked() {
    hub.corruptFile = ARCHIVE;
    DataException e = assertThrows(DataException.class, () -> new ModelResolver(env(hub.endpoint()), true, log::add).locate(NAME));
    assertTrue(e.getMessage().contains("expected sha256 " + FakeHub.hex("SHA-256", nemo)), e.getMessage());
    assertFalse(Files.exists(blob()));
    assertFalse(Files.exists(Path.of(blob() + ".incomplete")));
    assertFalse(Files.exists(repoFolder().resolve("snapshots/" + FakeHub.COMMIT + "/" + ARCHIVE)));
  }

  @Test
  void aNameTheHubDoesNotHaveFailsListingWhatWasTried() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelResolver(env(hub.endpoint()), true, log::add).locate("stt_xx_no_such_model"));
    String m = e.getMessage();
    assertTrue(m.contains("local path") && m.contains("stt_xx_no_such_model: does not exist"), m);
    assertTrue(m.contains("models--nvidia--stt_xx_no_such_model has no snapshot for main"), m);
    assertTrue(m.contains("HTTP 404") && m.contains("/api/models/nvidia/stt_xx_no_such_model/revision/main"), m);
    assertTrue(m.contains("NVIDIA publishes them on the Hub as nvidia/NAME"), m);
  }

  @Test
  void withoutDownloadTheErrorSaysHowToFetch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelResolver(env(hub.endpoint()), false, log::add).locate(NAME));
    assertTrue(e.getMessage().contains("rnnt4j download --repo_type model nvidia/" + NAME), e.getMessage());
    assertTrue(e.getMessage().contains("--download"), e.getMessage());
    assertTrue(hub.requests.isEmpty(), "nothing is asked of the Hub without --download: " + hub.requests);
  }

  @Test
  void pretrainedNamesMapToNvidiasRepositories() {
    assertEquals(List.of("nvidia/stt_en_conformer_transducer_xlarge"), ModelResolver.hubIds("stt_en_conformer_transducer_xlarge"));
    assertEquals(List.of("nvidia/parakeet-rnnt-0.6b"), ModelResolver.hubIds("nvidia/parakeet-rnnt-0.6b"));
    assertEquals(List.of(), ModelResolver.hubIds("/abs/path/model.nemo"));
  }
}
