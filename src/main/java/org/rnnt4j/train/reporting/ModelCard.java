package org.rnnt4j.train.reporting;

import org.rnnt4j.train.IntervalStrategy;
import org.rnnt4j.train.Trainer;
import org.rnnt4j.train.TrainerState;
import org.rnnt4j.train.TrainingArguments;
import org.rnnt4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.BuildInfo;
import org.rnnt4j.util.Json;

/**
 * {@code output_dir/README.md}, the model card Hugging Face's Trainer writes ({@code
 * TrainingSummary.to_model_card} in transformers' {@code modelcard.py}): YAML front matter with the
 * Hub's {@code model-index} (one result per scored split, with its dataset config and split), then the
 * model, its data and splits, how to load it in rnnt4j and in NeMo, the hyper-parameters, the evaluations
 * during training (HF's "Training results" table) and the final results per split with the decoding
 * strategy that produced them. As a listener it collects the evaluations; {@link #write} runs when all
 * results are in.
 */
public final class ModelCard implements TrainingListener {
  public static final String FILE_NAME = "README.md";

  /** What the card says about the model, known once it is built. */
  public record ModelFacts(String architecture, String confName, long parameters, int vocabularySize) {}

  private final TrainingArguments training;
  private final DataArguments data;
  private final ModelArguments model;
  private final ReportingArguments reporting;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private Object lastLoss = "No log";

  public ModelCard(TrainingArguments training, DataArguments data, ModelArguments model, ReportingArguments reporting) {
    this.training = training;
    this.data = data;
    this.model = model;
    this.reporting = reporting;
  }

  @Override
  public void onLog(TrainerState state, Map<String, Object> entry) {
    if (entry.containsKey("loss")) {
      lastLoss = entry.get("loss");
    }
    if (entry.containsKey("eval_wer")) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("Training Loss", lastLoss);
      row.put("Epoch", entry.get("epoch"));
      row.put("Step", entry.get("step"));
      row.put("Validation Loss", entry.getOrDefault("eval_loss", "-"));
      row.put("Wer", entry.get("eval_wer"));
      row.put("Cer", entry.getOrDefault("eval_cer", "-"));
      rows.add(row);
    }
  }

  /**
   * @param results per scored split ({@code eval}, then each test set): its metrics as saved ({@code
   *     eval_wer}, {@code test.clean_cer}, ...)
   * @param decodingStrategy the decoding of the final evaluation and predictions (NeMo's name, with the beam
   *     size for a beam search: {@code beam with beam_size 4})
   */
  public void write(Path outputDir, ModelFacts facts, Map<String, Map<String, Object>> results, String decodingStrategy) {
    AtomicFiles.writeString(outputDir.resolve(FILE_NAME), render(outputDir, facts, results, decodingStrategy));
  }

  String render(Path outputDir, ModelFacts facts, Map<String, Map<String, Object>> results, String decodingStrategy) {
    String name = reporting.runName() != null ? reporting.runName() : outputDir.toAbsolutePath().normalize().getFileName().toString();
    String base = model.modelNameOrPath() != null ? model.modelNameOrPath() : model.pretrainedModelNameOrPath();
    String dataset = data.dataset().datasetName();
    String config = data.dataset().datasetConfigName();
    StringBuilder md = new StringBuilder("---\n");
    md.append("library_name: nemo\n");
    if (base != null && !Path.of(base).toFile().exists()) {
      md.append("base_model: ").append(q(hubId(base))).append('\n');
    }
    md.append("tags:\n- automatic-speech-recognition\n- transducer\n- rnnt4j\n");
    if (dataset != null) {
      md.append("datasets:\n- ").append(q(dataset)).append('\n');
    }
    md.append("metrics:\n- wer\nmodel-index:\n- name: ").append(q(name)).append("\n  results:");
    boolean any = false;
    for (Map.Entry<String, Map<String, Object>> r : results.entrySet()) {
      Object wer = r.getValue().get(r.getKey() + "_wer");
      if (dataset == null || !(wer instanceof Number)) {
        continue;
      }
      any = true;
      md.append("\n  - task:\n      name: Automatic Speech Recognition\n      type: automatic-speech-recognition\n");
      md.append("    dataset:\n      name: ").append(q(dataset + (config == null ? "" : " " + config))).append('\n');
      md.append("      type: ").append(q(dataset)).append('\n');
      if (config != null) {
        md.append("      config: ").append(q(config)).append('\n');
      }
      md.append("      split: ").append(q(splitName(r.getKey()))).append('\n');
      md.append("    metrics:\n    - name: Wer (").append(decodingStrategy).append(")\n      type: wer\n      value: ").append(wer);
    }
    md.append(any ? "\n" : " []\n").append("---\n\n");
    md.append("<!-- Written by rnnt4j train. Edit it to describe the model. -->\n\n# ").append(name).append("\n\n");
    md.append(base == null
        ? "This model was trained from scratch (" + facts.confName() + ") on "
        : "This model is a fine-tuned version of " + link(base) + " on ");
    md.append(dataset == null ? "NeMo manifests." : "the " + dataset + (config == null ? "" : " (" + config + ")") + " dataset.");
    Map<String, Object> eval = results.get("eval");
    if (eval != null) {
      md.append("\nIt achieves the following results on the evaluation set (decoding: ").append(decodingStrategy).append("):\n");
      md.append("- Wer: ").append(round(eval.get("eval_wer"))).append("\n- Cer: ").append(round(eval.get("eval_cer"))).append('\n');
    }
    md.append("\n## Model description\n\n").append(String.format(Locale.ROOT,
        "An RNN-Transducer (%s, `%s`) with %,d parameters and a SentencePiece BPE vocabulary of %d pieces plus the blank,"
            + " trained with rnnt4j as the Python recipe (NeMo + Hugging Face Trainer) trains it. The files: `model.nemo`"
            + " (NeMo's archive), `model_config.yaml` + `model_weights.ckpt` + the tokenizer directory (rnnt4j's layout),"
            + " `checkpoint-N/` (resumable training state).\n",
        facts.architecture(), facts.confName(), facts.parameters(), facts.vocabularySize()));
    md.append("\n## Intended uses & limitations\n\nMore information needed\n");
    md.append("\n## Training and evaluation data\n\n").append(dataLines());
    md.append("\n## How to use\n\nWith rnnt4j:\n\n```bash\n")
        .append("./rnnt4j transcribe --model ").append(outputDir).append(" audio.wav\n")
        .append("./rnnt4j evaluate --model ").append(outputDir).append(" --dataset_name DATASET --eval_split_name test --output_dir scores\n")
        .append("```\n\nWith NeMo:\n\n```python\nimport nemo.collections.asr as nemo_asr\n\n")
        .append("model = nemo_asr.models.EncDecRNNTBPEModel.restore_from(\"").append(outputDir.resolve("model.nemo")).append("\")\n")
        .append("print(model.transcribe([\"audio.wav\"]))\n```\n");
    md.append("\n## Training procedure\n\n### Training hyperparameters\n\nThe following hyperparameters were used during training:\n");
    hyperparameters().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    if (!rows.isEmpty()) {
      md.append("\n### Training results\n\n").append(table(rows));
    }
    if (!results.isEmpty()) {
      md.append("\n### Results\n\n| Split | Decoding | Samples | WER | CER |\n|:---|:---|---:|---:|---:|\n");
      results.forEach((split, m) -> md.append("| ").append(split.equals("eval") ? splitName(split) + " (eval)" : split).append(" | ")
          .append(decodingStrategy).append(" | ").append(m.getOrDefault(split + "_samples", "-")).append(" | ")
          .append(round(m.getOrDefault(split + "_wer", "-"))).append(" | ").append(round(m.getOrDefault(split + "_cer", "-"))).append(" |\n"));
    }
    md.append("\n### Framework versions\n\n- rnnt4j ").append(BuildInfo.version()).append("\n- libtorch ").append(BuildInfo.libtorchDescription())
        .append("\n- Java ").append(System.getProperty("java.version")).append('\n');
    return md.toString();
  }

  private String splitName(String key) {
    return key.equals("eval") ? data.eval() == null ? "eval" : nonNull(data.eval().splitName(), data.eval().manifest()) : key;
  }

  private String dataLines() {
    StringBuilder s = new StringBuilder();
    if (data.dataset().datasetName() != null) {
      s.append("- dataset: ").append(data.dataset().datasetName());
      if (data.dataset().datasetConfigName() != null) {
        s.append(", config ").append(data.dataset().datasetConfigName());
      }
      s.append(" (transcript column `").append(data.dataset().textColumnName()).append("`, lower-cased: ").append(data.doLowerCase()).append(")\n");
    }
    if (training.doTrain() && data.train() != null) {
      s.append("- training: ").append(nonNull(data.train().splitName(), data.train().manifest()))
          .append(String.format(Locale.ROOT, ", utterances of %.1f s to %s s", data.train().minDurationSeconds(),
              data.train().maxDurationSeconds() == null ? "any length" : data.train().maxDurationSeconds()))
          .append('\n');
    }
    if (data.eval() != null && (training.doEval() || training.evaluation().strategy() != IntervalStrategy.NO)) {
      s.append("- evaluation: ").append(nonNull(data.eval().splitName(), data.eval().manifest())).append('\n');
    }
    if (training.doPredict() && data.test() != null) {
      s.append("- test: ").append(nonNull(data.test().splitName(), data.test().manifest()).replace("+", ", ")).append('\n');
    }
    return s.toString();
  }

  /** HF's {@code extract_hyperparameters_from_trainer}, for the settings rnnt4j has. */
  private Map<String, Object> hyperparameters() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("learning_rate", py(training.optimization().learningRate()));
    h.put("train_batch_size", training.schedule().perDeviceTrainBatchSize());
    h.put("eval_batch_size", training.evaluation().perDeviceEvalBatchSize());
    h.put("seed", training.seed());
    h.put("optimizer", String.format(Locale.ROOT, "%s with betas=(%s,%s), epsilon=%s and weight_decay=%s",
        training.optimization().optim() == org.rnnt4j.optim.OptimizerName.ADAMW_BNB_8BIT ? "adamw_bnb_8bit" : "AdamW",
        py(training.optimization().adamBeta1()), py(training.optimization().adamBeta2()), py(training.optimization().adamEpsilon()),
        py(training.optimization().weightDecay())));
    h.put("lr_scheduler_type", "linear");
    if (training.schedule().warmupSteps() > 0) {
      h.put("lr_scheduler_warmup_steps", training.schedule().warmupSteps());
    } else if (training.schedule().warmupRatio() > 0) {
      h.put("lr_scheduler_warmup_ratio", training.schedule().warmupRatio());
    }
    if (training.schedule().maxSteps() > 0) {
      h.put("training_steps", training.schedule().maxSteps());
    } else {
      h.put("num_epochs", training.schedule().numTrainEpochs());
    }
    h.put("max_grad_norm", training.optimization().maxGradNorm());
    if (training.precision() == org.rnnt4j.train.MixedPrecision.FP16) {
      h.put("mixed_precision_training", "Native AMP"); // HF writes this for --fp16 without apex
    }
    return h;
  }

  private static String table(List<Map<String, Object>> rows) {
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    StringBuilder t = new StringBuilder("| " + String.join(" | ", columns) + " |\n|");
    columns.forEach(c -> t.append(":---:|"));
    t.append('\n');
    for (Map<String, Object> r : rows) {
      t.append("| ");
      columns.forEach(c -> t.append(round(r.get(c))).append(" | "));
      t.setLength(t.length() - 1);
      t.append('\n');
    }
    return t.toString();
  }

  /** The Hub id a NeMo pretrained name is published under ({@code nvidia/NAME}). */
  private static String hubId(String base) {
    List<String> ids = org.rnnt4j.loading.ModelResolver.hubIds(base.contains("@") ? base.substring(0, base.indexOf('@')) : base);
    return ids.isEmpty() ? base : ids.get(0);
  }

  private static String link(String base) {
    String id = hubId(base);
    return id.equals(base) && !org.rnnt4j.hub.HubRepoId.looksLikeRepoId(base) ? "`" + base + "`" : "[" + base + "](https://huggingface.co/" + id + ")";
  }

  private static String nonNull(String a, String b) {
    return a != null ? a : b;
  }

  /** As HF's {@code _maybe_round}: floats to 4 decimals, anything else as it is. */
  private static Object round(Object value) {
    if (value instanceof Double d && Double.isFinite(d)) {
      return String.format(Locale.ROOT, "%.4f", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", ".0");
    }
    return value;
  }

  /** A double as Python's repr prints it ({@code 1e-08}, {@code 0.0001}, {@code 5.0}), since the card reads like HF's. */
  static String py(double v) {
    double a = Math.abs(v);
    if (v == 0 || (a >= 1e-4 && a < 1e16)) {
      String plain = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String j = Double.toString(v);
    int e = j.indexOf('E');
    String mantissa = j.substring(0, e).replaceAll("\\.0$", "");
    int exponent = Integer.parseInt(j.substring(e + 1));
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }

  /** A YAML scalar: a JSON string is one. */
  private static String q(String s) {
    return Json.compact(s);
  }
}
