package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.text.tokenizer.VocabFiles;
import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.ModelProtoWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * Trains an ASR BPE tokenizer as NeMo's {@code process_asr_text_tokenizer.py --tokenizer=spe
 * --spe_type=bpe} does and writes NeMo's directory {@code tokenizer_spe_bpe_v{N}/} with {@code
 * tokenizer.model}, {@code tokenizer.vocab} and {@code vocab.txt}.
 */
public final class TokenizerTrainer {
  private TokenizerTrainer() {}

  /**
   * Trains on in-memory transcripts. As NeMo writes each transcript as a line of its document file,
   * a transcript holding newlines gives several training sentences.
   *
   * @return the written tokenizer directory under {@code outputRoot}
   */
  public static Path train(List<String> texts, TrainOptions options, Path outputRoot) {
    Checks.notNull(texts, "texts");
    List<String> lines = new ArrayList<>();
    for (String t : texts) {
      lines.addAll(List.of(Checks.notNull(t, "text").split("\n", -1)));
    }
    return run(Utf8Lines.ofStrings(lines), List.of(), "in-memory texts", options, outputRoot);
  }

  /**
   * Trains on text files, one sentence per line (as NeMo's {@code --data_file}).
   *
   * @return the written tokenizer directory under {@code outputRoot}
   * @throws DataException when a file is missing or unreadable
   */
  public static Path trainFromFiles(List<Path> files, TrainOptions options, Path outputRoot) {
    Checks.argument(!files.isEmpty(), "at least one input file is needed");
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new DataException(f, "training text file does not exist");
      }
    }
    List<String> names = files.stream().map(Path::toString).toList();
    return run(Utf8Lines.of(files), names, String.join(",", names), options, outputRoot);
  }

  private static Path run(
      java.util.Iterator<byte[]> lines,
      List<String> inputs,
      String source,
      TrainOptions options,
      Path outputRoot) {
    Checks.notNull(options, "options");
    Checks.notNull(outputRoot, "outputRoot");
    Path dir = outputRoot.resolve(options.directoryName());
    SpmTrainFlags flags = options.toSpmFlags(inputs, dir.resolve("tokenizer").toString());
    ModelProto model =
        new BpeTrainer(flags.trainerSpec(), flags.normalizerSpec()).train(lines, source);
    ModelProtoWriter.write(model, dir.resolve(Tokenizer.MODEL_FILE));
    VocabFiles.writeSpmVocab(model, dir.resolve("tokenizer.vocab"));
    VocabFiles.writeNemoVocab(model, dir.resolve("vocab.txt"));
    return dir;
  }
}
