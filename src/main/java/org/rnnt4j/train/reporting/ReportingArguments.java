package org.rnnt4j.train.reporting;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.rnnt4j.tensorboard.EventFileWriter;
import org.rnnt4j.util.Checks;

/**
 * How a run reports itself, with Hugging Face's flag names: {@code --report_to} (TensorBoard event files
 * unless {@code none}), {@code --run_name} (the TensorBoard run directory and the model card's title) and
 * {@code --logging_dir}. The curves ({@code training_curves.png}) and the model card ({@code README.md})
 * are always written; the console progress is the process's ({@code --disable_tqdm}).
 *
 * @param reportTo where metrics go ({@link ReportTarget#WANDB} writes the TensorBoard files for {@code wandb sync})
 * @param runName a name for the run, or null
 * @param loggingDir the TensorBoard run directory, or null for {@code output_dir/runs/{run_name}}, else
 *     {@code output_dir/runs/{Mon}{DD}_{HH-MM-SS}_{host}} as HF's default
 */
public record ReportingArguments(Set<ReportTarget> reportTo, String runName, Path loggingDir) {
  public ReportingArguments {
    reportTo = Set.copyOf(Checks.notNull(reportTo, "report_to"));
    Checks.argument(runName == null || (!runName.isBlank() && !runName.contains("/") && !runName.contains("..")),
        "run_name must be a plain name (it names a directory under output_dir/runs), got '%s'", runName);
  }

  /** TensorBoard, HF's default run directory, no name. */
  public static ReportingArguments defaults() {
    return new ReportingArguments(Set.of(ReportTarget.TENSORBOARD), null, null);
  }

  /** Whether event files are written. */
  public boolean tensorboard() {
    return reportTo.contains(ReportTarget.TENSORBOARD) || reportTo.contains(ReportTarget.WANDB);
  }

  /** The TensorBoard run directory of a run writing into {@code outputDir}, fixed when called. */
  public Path runDirectory(Path outputDir) {
    if (loggingDir != null) {
      return loggingDir;
    }
    String name = runName != null
        ? runName
        : LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMMdd_HH-mm-ss", Locale.ENGLISH)) + "_" + EventFileWriter.hostName();
    return outputDir.resolve("runs").resolve(name);
  }
}
