package org.rnnt4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.text.tokenizer.SentencePieceModel;
import org.rnnt4j.text.tokenizer.training.TokenizerTrainer;
import org.rnnt4j.text.tokenizer.training.TrainOptions;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnnt4j tokenizer train|encode}: NeMo's {@code process_asr_text_tokenizer.py} and an encoder. */
@Command(
    name = "tokenizer",
    mixinStandardHelpOptions = true,
    description = "Train a SentencePiece BPE tokenizer as NeMo does, or encode text with one.",
    subcommands = {TokenizerCommand.Train.class, TokenizerCommand.Encode.class})
public final class TokenizerCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "train", mixinStandardHelpOptions = true, description = "Train tokenizer_spe_bpe_v{N}/ from text files (one transcript per line).")
  static final class Train implements Runnable {
    @Option(names = "--input", required = true, arity = "1..*", description = "Text files, one transcript per line.")
    List<Path> inputs;

    @Option(names = "--vocab_size", required = true, description = "Number of pieces.")
    int vocabSize;

    @Option(names = "--spe_type", defaultValue = "bpe", description = "SentencePiece model type (bpe).")
    String speType;

    @Option(names = "--output_dir", required = true, description = "Root under which tokenizer_spe_bpe_v{N}/ is written.")
    Path outputDir;

    @Option(names = "--no_lower_case", description = "Keep case (NeMo lower-cases by default, with the nmt_nfkc_cf rule).")
    boolean noLowerCase;

    @Option(names = "--character_coverage", defaultValue = "1.0", description = "Share of characters covered (1.0).")
    float characterCoverage;

    @Option(names = "--byte_fallback", description = "Add <0xNN> byte pieces for unknown characters.")
    boolean byteFallback;

    @Override
    public void run() {
      if (!speType.equals("bpe")) {
        throw new IllegalArgumentException("--spe_type " + speType + " is not supported: only bpe");
      }
      for (Path p : inputs) {
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException("--input " + p + " does not exist");
        }
      }
      TrainOptions options =
          TrainOptions.defaults(vocabSize)
              .withLowerCase(!noLowerCase)
              .withCharacterCoverage(characterCoverage)
              .withByteFallback(byteFallback);
      Path dir = TokenizerTrainer.trainFromFiles(inputs, options, outputDir);
      System.out.println(dir);
    }
  }

  @Command(name = "encode", mixinStandardHelpOptions = true, description = "Encode one text per input line; print {\"ids\": [...], \"pieces\": [...]} per line.")
  static final class Encode implements Runnable {
    @Option(names = "--model", required = true, description = "A SentencePiece .model file.")
    Path model;

    @Option(names = "--json_lines", description = "Each input line is a JSON string.")
    boolean jsonLines;

    @Override
    public void run() {
      if (!Files.isRegularFile(model)) {
        throw new IllegalArgumentException("--model " + model + " does not exist");
      }
      SentencePieceModel spm = SentencePieceModel.load(model);
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
          lineNo++;
          String text = line;
          if (jsonLines) {
            var node = Json.parse(line);
            if (!node.isTextual()) {
              throw new IllegalArgumentException("stdin line " + lineNo + " is not a JSON string: " + line);
            }
            text = node.asText();
          }
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("ids", spm.encodeIds(text));
          m.put("pieces", new ArrayList<>(spm.encodePieces(text)));
          out.println(Json.compact(m));
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      out.flush();
    }
  }
}
