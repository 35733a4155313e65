package org.rnnt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.loading.ModelLoading;
import org.rnnt4j.evaluation.Transcriber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rnnt4j transcribe --model M FILE...}: prints one line per file, in the order given: {@code
 * FILE<TAB>text}, or only the text with {@code --text_only}.
 */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Transcribe audio files with a saved model: one line per file, FILE<TAB>text (or the text only with --text_only).")
public final class TranscribeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "A .nemo, an rnnt4j model directory or a Hub id in the local Hugging Face cache.")
  String model;

  @Option(names = "--text_only", description = "Print only the transcript of each file.")
  boolean textOnly;

  @Option(names = "--batch_size", defaultValue = "8", description = "Files per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

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
    Device d = Engine.resolve(deviceOption.device);
    List<String> texts = new Transcriber(ModelLoading.open(model, 0), d, batchSize).transcribe(files);
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < files.size(); i++) {
      out.println(textOnly ? texts.get(i) : files.get(i) + "\t" + texts.get(i));
    }
    out.flush();
    return 0;
  }
}
