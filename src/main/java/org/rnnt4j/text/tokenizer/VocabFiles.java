package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.normalize.Utf8;
import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.Piece;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rnnt4j.util.AtomicFiles;

/**
 * The two text vocabularies written next to a model: SentencePiece's {@code tokenizer.vocab}
 * ({@code piece<TAB>score} per line, as {@code TrainerInterface::SaveVocab}) and NeMo's {@code
 * vocab.txt} (as {@code create_spt_model}: special tokens skipped, a leading {@code ▁} removed,
 * every other piece prefixed with {@code ##}, and a bare {@code ▁} kept as {@code ▁}).
 */
public final class VocabFiles {
  /** The tokens {@code create_spt_model} always leaves out of vocab.txt. */
  private static final List<String> NEMO_SPECIAL_TOKENS = List.of("<s>", "</s>", "<pad>", "<unk>");

  private VocabFiles() {}

  /** The content of {@code tokenizer.vocab}. */
  public static String spmVocab(ModelProto model) {
    StringBuilder out = new StringBuilder();
    boolean withScore = model.trainerSpec().vocabularyOutputPieceScore();
    for (Piece p : model.pieces()) {
      out.append(p.piece());
      if (withScore) {
        out.append('\t').append(ScoreFormat.format(p.score()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The content of NeMo's {@code vocab.txt}. */
  public static String nemoVocab(ModelProto model) {
    Set<String> special = new HashSet<>(NEMO_SPECIAL_TOKENS);
    special.addAll(model.trainerSpec().controlSymbols());
    special.addAll(model.trainerSpec().userDefinedSymbols());
    StringBuilder out = new StringBuilder();
    for (Piece p : model.pieces()) {
      String piece = p.piece();
      if (special.contains(piece)) {
        continue;
      }
      String token =
          piece.startsWith(Utf8.SPACE_SYMBOL)
              ? piece.substring(Utf8.SPACE_SYMBOL.length())
              : "##" + piece;
      out.append(token.isEmpty() ? Utf8.SPACE_SYMBOL : token).append('\n');
    }
    return out.toString();
  }

  public static void writeSpmVocab(ModelProto model, Path file) {
    AtomicFiles.writeString(file, spmVocab(model));
  }

  public static void writeNemoVocab(ModelProto model, Path file) {
    AtomicFiles.writeString(file, nemoVocab(model));
  }
}
