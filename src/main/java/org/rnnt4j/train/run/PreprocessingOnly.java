package org.rnnt4j.train.run;

import org.rnnt4j.train.TrainingArguments;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetPreparation;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.data.pipeline.PreparedSplit;
import org.rnnt4j.loading.ModelArguments;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.util.Json;

/**
 * {@code --preprocessing_only}, as in the recipe: find (or, with {@code --download}, fetch) the data,
 * prepare the splits the {@code --do_*} flags ask for (load, filter, clean, decode once), report what every
 * step kept and dropped, and stop before any model is built. The report goes to the log and to {@code
 * output_dir/preprocessing_report.json}. Run it once on one machine before a distributed run, so that the
 * download and the first pass over the audio are not repeated on every rank.
 */
public final class PreprocessingOnly {
  private static final Logger LOG = Logger.getLogger(PreprocessingOnly.class.getName());

  private final TrainingArguments training;
  private final DataArguments data;
  private final ModelArguments model;

  public PreprocessingOnly(TrainingArguments training, DataArguments data, ModelArguments model) {
    this.training = training;
    this.data = data;
    this.model = model;
  }

  /** @return the report written to preprocessing_report.json */
  public Map<String, Object> run() {
    int sampleRate = sampleRate();
    String saved = model.modelNameOrPath() != null ? model.modelNameOrPath() : model.pretrainedModelNameOrPath();
    if (saved != null && model.fetch().download()) {
      // fetched now, so that the training run that follows (one process per rank) finds it offline
      LOG.info("model " + saved + ": " + org.rnnt4j.loading.ModelResolver.of(model.fetch()).locate(saved).path());
    }
    DatasetPreparation prep = new DatasetPreparation(data, sampleRate);
    List<PreparedSplit> splits = new ArrayList<>();
    if (training.doTrain()) {
      splits.add(prep.train());
    }
    if (training.doEval()) {
      splits.add(prep.eval());
    }
    if (training.doPredict()) {
      splits.addAll(prep.tests());
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("sample_rate", sampleRate);
    for (PreparedSplit s : splits) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("examples", s.examples().size());
      entry.put("hours", Math.round(s.examples().stream().mapToLong(Example::samples).sum() / (double) sampleRate / 36.0) / 100.0);
      entry.put("bad_samples", s.badSamples());
      List<Map<String, Object>> steps = new ArrayList<>();
      for (FilterReport r : s.reports()) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", r.filter());
        step.put("examined", r.examined());
        step.put("kept", r.kept());
        step.put("dropped", r.dropped());
        step.put("notes", r.notes());
        steps.add(step);
      }
      entry.put("steps", steps);
      report.put(s.name(), entry);
      LOG.info(String.format("%s: %d examples, %.2f h, %d bad samples", s.name(), s.examples().size(), (Double) entry.get("hours"), s.badSamples()));
    }
    Json.write(training.outputDir().resolve("preprocessing_report.json"), report); // atomic
    LOG.info("data preprocessing finished; report in " + training.outputDir().resolve("preprocessing_report.json"));
    return report;
  }

  /** The conf's rate, as the recipe reads it from --config_path; else the saved model's, which is then needed. */
  private int sampleRate() {
    ConfigNode conf;
    String saved = model.modelNameOrPath() != null ? model.modelNameOrPath() : model.pretrainedModelNameOrPath();
    if (model.configPath() != null && Files.isRegularFile(model.configPath()) && model.pretrainedModelNameOrPath() == null) {
      conf = ConfigNode.load(model.configPath()).modelSection();
    } else if (saved != null) {
      conf = org.rnnt4j.checkpoint.SavedModel.read(org.rnnt4j.loading.ModelResolver.of(model.fetch()).locate(saved)).config();
    } else {
      LOG.info("no --config_path or --model_name_or_path: preparing at 16000 Hz");
      return 16000;
    }
    return TransducerConfigBinder.bind(conf).preprocessor().sampleRate();
  }
}
