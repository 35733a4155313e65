package org.rnnt4j.checkpoint.nemo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;

class NemoArchiveTest {
  static final List<String> MODELS = Fixtures.MODELS;
  private static final Pattern ARTIFACT =
      Pattern.compile("[0-9a-f]{32}_(tokenizer\\.model|tokenizer\\.vocab|vocab\\.txt)");

  @TempDir Path dir;

  @ParameterizedTest
  @FieldSource("MODELS")
  void readsConfigWeightsAndArtifactsOfEveryFixture(String model) {
    NemoContents contents = NemoArchive.read(Fixtures.nemo(model));

    assertTrue(
        contents
            .modelConfigYaml()
            .contains("target: nemo.collections.asr.models.rnnt_bpe_models.EncDecRNNTBPEModel"));
    assertArrayEquals(
        Fixtures.member(model, "./model_config.yaml"),
        contents.modelConfigYaml().getBytes(StandardCharsets.UTF_8));
    assertEquals(
        Fixtures.keys(model).stream().map(Fixtures.KeyLine::key).toList(),
        List.copyOf(contents.stateDict().keySet()));
    assertEquals(3, contents.artifacts().size());
    for (Map.Entry<String, byte[]> artifact : contents.artifacts().entrySet()) {
      assertTrue(ARTIFACT.matcher(artifact.getKey()).matches(), artifact.getKey());
      assertArrayEquals(
          Fixtures.member(model, "./" + artifact.getKey()), artifact.getValue(), artifact.getKey());
    }
    // Each of the config's three nemo: references resolves to the archive member of that name.
    for (String field : List.of("model_path", "vocab_path", "spe_tokenizer_vocab")) {
      String reference = configValue(contents.modelConfigYaml(), field);
      assertTrue(NemoArtifactNames.isReference(reference), reference);
      assertArrayEquals(
          Fixtures.member(model, "./" + reference.substring(5)),
          contents.resolveArtifact(reference),
          field);
    }
  }

  @Test
  void extractUnpacksTheSameFilesAsTar() throws IOException {
    Path target = dir.resolve("unpacked");

    NemoArchive.extract(Fixtures.nemo("contextnet_tiny"), target);

    List<String> names;
    try (Stream<Path> files = Files.list(target)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(5, names.size(), names.toString());
    for (String name : names) {
      assertArrayEquals(
          Fixtures.member("contextnet_tiny", "./" + name),
          Files.readAllBytes(target.resolve(name)),
          name);
    }
    String reference =
        configValue(Files.readString(target.resolve("model_config.yaml")), "model_path");
    assertEquals(
        target.resolve(reference.substring(5)), NemoArtifactNames.resolve(target, reference));
    assertEquals(List.of("unpacked"), listing(dir), "no staging directory is left behind");
  }

  @Test
  void aWrittenArchiveHasNemoLayoutAndReExtractsToIdenticalFiles() throws IOException {
    NemoContents original = NemoArchive.read(Fixtures.nemo("conformer_tiny"));
    Path written = dir.resolve("copy.nemo");

    NemoArchive.write(written, original);

    List<String> members = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(written))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        members.add(entry.getName());
      }
    }
    List<String> expected = new ArrayList<>(List.of("./"));
    original.artifacts().keySet().forEach(name -> expected.add("./" + name));
    expected.add("./model_config.yaml");
    expected.add("./model_weights.ckpt");
    assertEquals(expected, members, "./ first, then the files in sorted order");

    Path target = dir.resolve("again");
    NemoArchive.extract(written, target);
    assertArrayEquals(
        Fixtures.member("conformer_tiny", "./model_config.yaml"),
        Files.readAllBytes(target.resolve("model_config.yaml")));
    for (Map.Entry<String, byte[]> artifact : original.artifacts().entrySet()) {
      assertArrayEquals(
          artifact.getValue(),
          Files.readAllBytes(target.resolve(artifact.getKey())),
          artifact.getKey());
    }
    TorchCheckpoint weights =
        TorchCheckpointReader.readCheckpoint(target.resolve("model_weights.ckpt"));
    assertEquals(original.weights(), weights);

    NemoContents reread = NemoArchive.read(written);
    assertEquals(original.modelConfigYaml(), reread.modelConfigYaml());
    assertEquals(original.weights(), reread.weights());
    assertEquals(original.artifacts().keySet(), reread.artifacts().keySet());
  }

  @Test
  void gzipCompressedArchivesOfOldNemoAreRead() throws IOException {
    Path gzipped = dir.resolve("old.nemo");
    try (InputStream in = Files.newInputStream(Fixtures.nemo("fastconformer_tiny"));
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      in.transferTo(out);
    }

    NemoContents contents = NemoArchive.read(gzipped);
    NemoArchive.extract(gzipped, dir.resolve("x"));

    assertEquals(
        NemoArchive.read(Fixtures.nemo("fastconformer_tiny")).weights(), contents.weights());
    assertTrue(Files.isRegularFile(dir.resolve("x").resolve("model_weights.ckpt")));
  }

  @Test
  void writesArtifactsFromBytesAndFilesUnderFreshNemoNames() throws IOException {
    Path vocabulary = dir.resolve("vocab.txt");
    Files.writeString(vocabulary, "▁a\n##b\n");
    Map<String, String> names =
        NemoArtifactNames.uniqueNames(List.of("tokenizer.model", "vocab.txt"));
    String yaml =
        "tokenizer:\n  model_path: "
            + NemoArtifactNames.reference(names.get("tokenizer.model"))
            + "\n  vocab_path: "
            + NemoArtifactNames.reference(names.get("vocab.txt"))
            + "\n";
    Map<String, NemoArtifact> artifacts =
        Map.of(
            names.get("tokenizer.model"),
            NemoArtifact.of(new byte[] {10, 20, 30}),
            names.get("vocab.txt"),
            NemoArtifact.of(vocabulary));
    LinkedHashMap<String, NamedArray> stateDict = new LinkedHashMap<>();
    stateDict.put("joint.joint_net.2.bias", NamedArray.ofFloats(new long[] {3}, 1, 2, 3));
    stateDict.put("encoder.bn.num_batches_tracked", NamedArray.ofLongs(new long[] {}, 5));
    Path nemo = dir.resolve("models").resolve("m.nemo");

    NemoArchive.write(nemo, yaml, stateDict, artifacts);
    NemoArchive.write(nemo, yaml, stateDict, artifacts); // a rewrite replaces it
    NemoContents read = NemoArchive.read(nemo);

    assertEquals(yaml, read.modelConfigYaml());
    assertEquals(stateDict, read.stateDict());
    assertArrayEquals(
        new byte[] {10, 20, 30}, read.resolveArtifact(configValue(yaml, "model_path")));
    assertArrayEquals(
        Files.readAllBytes(vocabulary), read.resolveArtifact(configValue(yaml, "vocab_path")));
    assertTrue(ARTIFACT.matcher(names.get("vocab.txt")).matches(), names.get("vocab.txt"));
    assertEquals(List.of("m.nemo"), listing(nemo.getParent()), "no temporary file is left behind");
    FormatException missing =
        assertThrows(FormatException.class, () -> read.resolveArtifact("nemo:nothing_here.model"));
    assertTrue(missing.getMessage().startsWith(nemo + ": "), missing.getMessage());
  }

  @Test
  void callerMistakesAreRefused() throws IOException {
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    assertThrows(
        IllegalArgumentException.class,
        () -> NemoArchive.extract(Fixtures.nemo("contextnet_tiny"), full));
    assertEquals("mine", Files.readString(full.resolve("keep.txt")));

    LinkedHashMap<String, NamedArray> none = new LinkedHashMap<>();
    Path out = dir.resolve("bad.nemo");
    assertThrows(
        IllegalArgumentException.class,
        () -> NemoArchive.write(out, "", none, Map.of("../x", NemoArtifact.of(new byte[0]))));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            NemoArchive.write(
                out, "", none, Map.of("model_weights.ckpt", NemoArtifact.of(new byte[0]))));
    assertFalse(Files.exists(out));
  }

  @Test
  void artifactNamesFollowNemo() {
    String name = NemoArtifactNames.uniqueName("tokenizer.model");
    assertTrue(ARTIFACT.matcher(name).matches(), name);
    assertTrue(!name.equals(NemoArtifactNames.uniqueName("tokenizer.model")), "fresh each time");
    assertEquals("nemo:" + name, NemoArtifactNames.reference(name));
    assertEquals(name, NemoArtifactNames.artifactName("nemo:" + name));
    assertEquals(
        "tokenizer.model", NemoArtifactNames.artifactName("/old/training/dir/tokenizer.model"));
    assertThrows(
        IllegalArgumentException.class, () -> NemoArtifactNames.uniqueName("dir/tokenizer.model"));
  }

  /**
   * The value of {@code field:} on its line of a YAML text (enough for these flat tokenizer keys).
   */
  static String configValue(String yaml, String field) {
    Matcher matcher =
        Pattern.compile("(?m)^\\s*" + Pattern.quote(field) + ":\\s*(\\S+)\\s*$").matcher(yaml);
    assertTrue(matcher.find(), "no " + field + " in the config");
    return matcher.group(1);
  }

  static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
