package org.rnnt4j.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnnt4j.text.tokenizer.SentencePieceModel;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.text.tokenizer.VocabFiles;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * The files of a NeMo SentencePiece tokenizer directory ({@code tokenizer_spe_bpe_v{N}/}), held in
 * memory so that a tokenizer read out of a {@code .nemo} needs no extraction: {@code
 * tokenizer.model} (what the model uses), SentencePiece's {@code tokenizer.vocab} and NeMo's {@code
 * vocab.txt} (informational; derived from the model when a source lacks them, as NeMo's {@code
 * create_spt_model} writes them).
 *
 * @param directoryName the directory name to write them under, e.g. {@code tokenizer_spe_bpe_v128}
 */
public record TokenizerFiles(String directoryName, byte[] model, byte[] spmVocab, byte[] nemoVocab) {
  public static final String MODEL = Tokenizer.MODEL_FILE;
  public static final String SPM_VOCAB = "tokenizer.vocab";
  public static final String NEMO_VOCAB = "vocab.txt";

  public TokenizerFiles {
    Checks.argument(
        directoryName != null && directoryName.matches("[A-Za-z0-9._-]+") && !directoryName.matches("\\.+"),
        "tokenizer directory name must be a plain name, got '%s'",
        directoryName);
    model = Checks.notNull(model, "model").clone();
    spmVocab = Checks.notNull(spmVocab, "spmVocab").clone();
    nemoVocab = Checks.notNull(nemoVocab, "nemoVocab").clone();
  }

  /**
   * From the bytes of a {@code tokenizer.model}; missing vocabulary files (null) are derived from it.
   *
   * @param source names the model in error messages
   */
  public static TokenizerFiles of(String directoryName, byte[] model, byte[] spmVocab, byte[] nemoVocab, String source) {
    SentencePieceModel parsed = SentencePieceModel.fromBytes(model, source);
    return new TokenizerFiles(
        directoryName,
        model,
        spmVocab != null ? spmVocab : VocabFiles.spmVocab(parsed.proto()).getBytes(StandardCharsets.UTF_8),
        nemoVocab != null ? nemoVocab : VocabFiles.nemoVocab(parsed.proto()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a tokenizer directory (it must hold {@code tokenizer.model}).
   *
   * @throws DataException naming the directory when it has no tokenizer.model
   */
  public static TokenizerFiles read(Path dir) {
    Path model = dir.resolve(MODEL);
    if (!Files.isRegularFile(model)) {
      throw new DataException(dir, "tokenizer directory has no " + MODEL);
    }
    try {
      return of(
          dir.toAbsolutePath().normalize().getFileName().toString(),
          Files.readAllBytes(model),
          readIfPresent(dir.resolve(SPM_VOCAB)),
          readIfPresent(dir.resolve(NEMO_VOCAB)),
          model.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readIfPresent(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }

  @Override
  public byte[] model() {
    return model.clone();
  }

  @Override
  public byte[] spmVocab() {
    return spmVocab.clone();
  }

  @Override
  public byte[] nemoVocab() {
    return nemoVocab.clone();
  }

  /** Equal when the directory name and the three files' bytes are (a record compares arrays by identity). */
  @Override
  public boolean equals(Object other) {
    return other instanceof TokenizerFiles that
        && directoryName.equals(that.directoryName)
        && java.util.Arrays.equals(model, that.model)
        && java.util.Arrays.equals(spmVocab, that.spmVocab)
        && java.util.Arrays.equals(nemoVocab, that.nemoVocab);
  }

  @Override
  public int hashCode() {
    return directoryName.hashCode() * 31 + java.util.Arrays.hashCode(model);
  }

  @Override
  public String toString() {
    return "TokenizerFiles[" + directoryName + ", model " + model.length + " bytes]";
  }

  /** The tokenizer these files describe. */
  public Tokenizer tokenizer() {
    return new Tokenizer(SentencePieceModel.fromBytes(model, directoryName + "/" + MODEL));
  }

  /** Writes the three files into {@code dir} (created if needed). */
  public void writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    AtomicFiles.writeBytes(dir.resolve(MODEL), model);
    AtomicFiles.writeBytes(dir.resolve(SPM_VOCAB), spmVocab);
    AtomicFiles.writeBytes(dir.resolve(NEMO_VOCAB), nemoVocab);
  }
}
