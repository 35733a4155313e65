package org.rnnt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.decoding.Hypotheses;
import org.rnnt4j.decoding.Hypothesis;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.evaluation.Prediction;
import org.rnnt4j.evaluation.Timestamps;
import org.rnnt4j.evaluation.Transcriber;
import org.rnnt4j.loading.LoadedModel;
import org.rnnt4j.loading.ModelLoading;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rnnt4j transcribe --model M FILE...}: prints one line per file, in the order given: {@code
 * FILE<TAB>text}, only the text with {@code --text_only}, or, with {@code --timestamps}, {@code --nbest}
 * or {@code --output_format jsonl}, one JSON object per file: {@code audio_filepath}, {@code text}, {@code
 * score}, with {@code --timestamps} {@code words} and {@code tokens} ({@code start} / {@code end} in
 * seconds, see {@link Timestamps}), and with {@code --nbest} or a beam search {@code nbest}.
 */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Transcribe audio files with a saved model: one line per file, FILE<TAB>text (or the text only with --text_only, or JSON lines).")
public final class TranscribeCommand implements Callable<Integer> {
  private static final String BOOL = "0..1";

  /** {@code --output_format}. */
  enum OutputFormat {
    text,
    jsonl
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "A .nemo, an rnnt4j model directory or a Hub id in the local Hugging Face cache.")
  String model;

  @Option(names = "--text_only", description = "Print only the transcript of each file.")
  boolean textOnly;

  @Option(names = "--batch_size", defaultValue = "8", description = "Files per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--timestamps", arity = BOOL, fallbackValue = "true", description = "Word and token start/end times in seconds, as NeMo's timestamps=True (JSON lines output).")
  boolean timestamps;

  @Option(names = "--output_format", defaultValue = "text", description = "text (FILE<TAB>text) or jsonl (one JSON object per file); --timestamps and --nbest imply jsonl (default: ${DEFAULT-VALUE}).")
  OutputFormat outputFormat;

  @Mixin DecodingFlags decoding;

  @Mixin DeviceOption deviceOption;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, FLAC, MP3, OGG, ...).")
  List<Path> files;

  @Override
  public Integer call() {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("audio file " + f + " does not exist");
      }
    }
    boolean json = timestamps || decoding.nbest || outputFormat == OutputFormat.jsonl;
    if (json && textOnly) {
      throw new IllegalArgumentException("--text_only prints plain text; it cannot be combined with --timestamps, --nbest or --output_format jsonl");
    }
    Device d = Engine.resolve(deviceOption.device);
    LoadedModel loaded = ModelLoading.open(model, 0);
    DecodingOptions options = decoding.parameters().toOptions(loaded.config().maxSymbols());
    List<Hypotheses> decoded = new Transcriber(loaded, options, d, batchSize).decode(files);
    Timestamps times = new Timestamps(loaded.tokenizer(), Timestamps.frameSeconds(loaded.config()));
    boolean nbest = decoding.nbest || options.strategy().isBeamSearch();
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < files.size(); i++) {
      Hypothesis best = decoded.get(i).best();
      String text = loaded.tokenizer().decode(best.tokens());
      if (!json) {
        out.println(textOnly ? text : files.get(i) + "\t" + text);
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("audio_filepath", files.get(i).toString());
      m.put("text", text);
      m.put("score", best.score());
      if (timestamps) {
        m.put("words", times.words(best));
        m.put("tokens", times.tokens(best));
      }
      if (nbest) {
        m.put("nbest", Prediction.Candidate.of(decoded.get(i), loaded.tokenizer()).stream().map(Prediction.Candidate::toJson).toList());
      }
      out.println(Json.compact(m));
    }
    out.flush();
    return 0;
  }
}
