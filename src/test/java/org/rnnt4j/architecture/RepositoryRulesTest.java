package org.rnnt4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.testing.ProjectPaths;

/**
 * Rules of the repository as a whole that no compiler checks: no main package holds more than 25 .java
 * files (STYLE.md's sizing guide: split by concept before a package turns into a drawer), and no tracked
 * file names a path that exists only on one machine. Files are named by repository path, or for the
 * shared reference data beside the checkout by {@code ../shared/...}.
 *
 * <p>A machine path here is an absolute path under the top-level directories of a particular machine
 * layout: {@code work}, {@code root}, {@code Users}, {@code mnt}, {@code media}, {@code scratch}, {@code
 * home/NAME}, {@code tmp/NAME}, macOS's {@code var/folders} and {@code private/var}, placeholders in test
 * data included (tests use paths such as {@code /u} instead). The scan covers every file git tracks (without
 * git: the project tree minus {@code .git}, {@code target} and the plain entries of {@code .gitignore}),
 * text and binary alike, gzip members decompressed.
 */
class RepositoryRulesTest {
  private static final int MAX_FILES_PER_PACKAGE = 25;

  // Not preceded by a path or name character, so ../shared/x, src/work/x and ${HOME}/x do not match.
  private static final Pattern MACHINE_PATH =
      Pattern.compile(
          "(?<![\\w.~$}/\\\\-])/(?:(?:work|root|Users|mnt|media|scratch)/|(?:home|tmp)/[A-Za-z0-9_][A-Za-z0-9_.-]*"
              + "|var/folders/|private/var/)");

  @Test
  void noMainPackageHoldsMoreThan25JavaFiles() throws IOException {
    assertEquals(
        Map.of(),
        packagesOver(ProjectPaths.root().resolve("src/main/java"), MAX_FILES_PER_PACKAGE),
        "packages over " + MAX_FILES_PER_PACKAGE + " .java files (split them by concept)");
  }

  @Test
  void theSizeRuleCountsEachPackagesOwnJavaFiles(@TempDir Path src) throws IOException {
    Path big = Files.createDirectories(src.resolve("org/x/big"));
    Path sub = Files.createDirectories(big.resolve("sub"));
    for (int i = 0; i < 26; i++) {
      Files.writeString(big.resolve("C" + i + ".java"), "");
    }
    Files.writeString(big.resolve("notes.md"), "");
    for (int i = 0; i < 25; i++) {
      Files.writeString(sub.resolve("C" + i + ".java"), "");
    }
    assertEquals(Map.of("org.x.big", 26L), packagesOver(src, 25));
  }

  /** Package name to its count of .java files (sub-packages not counted), for packages over {@code max}. */
  private static Map<String, Long> packagesOver(Path sourceRoot, int max) throws IOException {
    Map<String, Long> tooBig = new TreeMap<>();
    try (Stream<Path> dirs = Files.walk(sourceRoot)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        long files;
        try (Stream<Path> children = Files.list(dir)) {
          files = children.filter(f -> f.getFileName().toString().endsWith(".java")).count();
        }
        if (files > max) {
          tooBig.put(sourceRoot.relativize(dir).toString().replace('/', '.').replace('\\', '.'), files);
        }
      }
    }
    return tooBig;
  }

  @Test
  void noTrackedFileNamesAMachinePath() throws IOException {
    Path root = ProjectPaths.root();
    List<String> files = trackedFiles(root);
    assertTrue(files.contains("pom.xml"), "the file list covers the project: " + files.size() + " files");
    List<String> found = new ArrayList<>();
    for (String file : files) {
      Path path = root.resolve(file);
      if (!Files.isRegularFile(path)) {
        continue; // deleted in the work tree but still in the index
      }
      byte[] bytes = Files.readAllBytes(path);
      scan(file, bytes, found);
      if (file.endsWith(".gz")) {
        scan(file + " (gunzipped)", gunzip(bytes), found);
      }
    }
    assertTrue(
        found.isEmpty(),
        "machine paths in tracked files (name files by repository path, or ../shared/... for the shared data):\n  "
            + String.join("\n  ", found));
  }

  @Test
  void theRuleFindsMachinePathsAndSparesRelativeOnes() {
    List<String> found = new ArrayList<>();
    String bad = String.join("\n", "see /" + "work/shared/x", "\"/" + "home/alice/data\"", "cd /" + "Users/bob/", "/" + "tmp/e2e/out");
    scan("bad.txt", bad.getBytes(StandardCharsets.UTF_8), found);
    assertEquals(4, found.size(), found.toString());
    assertTrue(found.get(0).startsWith("bad.txt:1: /" + "work/"), found.get(0));
    found.clear();
    String fine = String.join("\n", "../shared/data/synth_en", "src/work/x", "${HOME}/" + "work/y", "/u/.cache", "/" + "workspace/tokenizers", "touch pwned");
    scan("fine.txt", fine.getBytes(StandardCharsets.UTF_8), found);
    assertEquals(List.of(), found);
  }

  @Test
  void withoutGitTheTreeWalkCoversEveryTrackedFile() throws IOException {
    Path root = ProjectPaths.root();
    List<String> git = gitFiles(root);
    assumeTrue(git != null, "needs git and a repository to compare with");
    Set<String> walked = new HashSet<>(walkedFiles(root));
    List<String> missed = git.stream().filter(f -> Files.isRegularFile(root.resolve(f)) && !walked.contains(f)).toList();
    assertEquals(List.of(), missed, "tracked files the fallback walk would not scan");
  }

  private static void scan(String file, byte[] bytes, List<String> found) {
    // ISO-8859-1 maps every byte to one char, so binary files scan too and line numbers stay byte-exact.
    String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MACHINE_PATH.matcher(lines[i]);
      while (m.find()) {
        found.add(file + ":" + (i + 1) + ": " + excerpt(lines[i], m.start()));
      }
    }
  }

  private static String excerpt(String line, int at) {
    int end = Math.min(line.length(), at + 60);
    return line.substring(at, end).replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  /** {@code git ls-files}, or where git or the repository is missing, a walk of the tree. */
  private static List<String> trackedFiles(Path root) throws IOException {
    List<String> git = gitFiles(root);
    return git != null ? git : walkedFiles(root);
  }

  /** {@code git ls-files}, or null without git or outside a repository. */
  private static List<String> gitFiles(Path root) throws IOException {
    try {
      Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z").redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = git.getInputStream().readAllBytes();
      if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0 && out.length > 0) {
        return Stream.of(new String(out, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty()).toList();
      }
      return null;
    } catch (IOException e) {
      return null; // no git on this machine
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing files with git", e);
    }
  }

  /** The project tree without .git, target, class files and the plain entries of .gitignore. */
  private static List<String> walkedFiles(Path root) throws IOException {
    Set<String> ignored = new HashSet<>(Set.of(".git", "target"));
    Path gitignore = root.resolve(".gitignore");
    if (Files.isRegularFile(gitignore)) {
      for (String entry : Files.readAllLines(gitignore)) {
        String plain = entry.strip().replaceAll("^/|/$", "");
        if (!plain.isEmpty() && !plain.startsWith("#") && !plain.contains("*") && !plain.contains("/")) {
          ignored.add(plain);
        }
      }
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(root::relativize)
          .filter(p -> StreamSupport.stream(p.spliterator(), false).noneMatch(part -> ignored.contains(part.toString())))
          .filter(p -> !p.getFileName().toString().endsWith(".class"))
          .map(p -> p.toString().replace('\\', '/'))
          .toList();
    }
  }
}
