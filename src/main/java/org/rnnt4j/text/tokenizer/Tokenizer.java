package org.rnnt4j.text.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * The text tokenizer the rest of rnnt4j uses: NeMo's {@code SentencePieceTokenizer} for an ASR BPE
 * model ({@code tokenizer_spe_bpe_v{N}/tokenizer.model}), turning transcripts into token ids and
 * back. Ids are {@code 0 .. vocabSize()-1}; the RNN-T blank is not part of this vocabulary (NeMo
 * appends it after the last id). Immutable and thread-safe.
 */
public final class Tokenizer {
  /** The model file name inside a NeMo tokenizer directory. */
  public static final String MODEL_FILE = "tokenizer.model";

  private final SentencePieceModel model;
  private final List<String> pieces;

  public Tokenizer(SentencePieceModel model) {
    this.model = Checks.notNull(model, "model");
    List<String> list = new ArrayList<>(model.size());
    for (int id = 0; id < model.size(); id++) {
      list.add(model.idToPiece(id));
    }
    this.pieces = Collections.unmodifiableList(list);
  }

  /**
   * Loads a NeMo tokenizer directory (holding {@code tokenizer.model}) or a {@code .model} file.
   *
   * @throws DataException when the path does not exist or the directory has no tokenizer.model
   * @throws org.rnnt4j.util.FormatException when the model file is not a valid SentencePiece model
   */
  public static Tokenizer load(Path dirOrModelFile) {
    Checks.notNull(dirOrModelFile, "dirOrModelFile");
    Path file =
        Files.isDirectory(dirOrModelFile) ? dirOrModelFile.resolve(MODEL_FILE) : dirOrModelFile;
    if (!Files.isRegularFile(file)) {
      throw new DataException(
          file,
          Files.isDirectory(dirOrModelFile)
              ? "tokenizer directory has no " + MODEL_FILE
              : "tokenizer model file does not exist");
    }
    return new Tokenizer(SentencePieceModel.load(file));
  }

  /** Token ids of {@code text}, as NeMo's {@code text_to_ids}. */
  public int[] encode(String text) {
    return model.encodeIds(text);
  }

  /**
   * Text of {@code ids}, as NeMo's {@code ids_to_text}; ids outside the vocabulary are rejected.
   */
  public String decode(int[] ids) {
    return model.decode(ids);
  }

  /** The number of pieces (ids 0 to size-1). A transducer adds the blank after them, as id vocabSize(). */
  public int vocabSize() {
    return model.size();
  }

  /** Every piece in id order ({@code ▁} marks a word start). */
  public List<String> pieces() {
    return pieces;
  }

  public SentencePieceModel model() {
    return model;
  }
}
