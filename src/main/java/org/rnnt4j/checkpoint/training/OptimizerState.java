package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.OptimizerType;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * AdamW's (or Adam's) state at a save point, copied to host memory bit for bit, as {@code optimizer.safetensors}
 * holds it: per updated parameter {@code exp_avg.<name>}, {@code exp_avg_sq.<name>} (its moments, in the
 * parameter's dtype) and {@code step.<name>} (a 0-d int64: the updates it took part in, which drive its
 * bias correction, as {@code torch.optim.AdamW} counts them); the hyperparameters and the optimizer's own
 * step count go into the file's {@code __metadata__}. The learning rate is the schedule's
 * ({@link ScheduleState}).
 *
 * @param type decoupled (adamw) or L2 (adam) weight decay; {@code __metadata__}'s {@code type}
 * @param decayed the parameter names that receive weight decay (Hugging Face exempts biases and norms)
 * @param stepCount calls to {@code step} (at most the global step: non-finite losses skip the update)
 * @param parameters per updated parameter, in parameter order
 */
public record OptimizerState(
    OptimizerType type,
    double beta1, double beta2, double eps, double weightDecay, Set<String> decayed, long stepCount,
    Map<String, ParameterMoments> parameters) {
  public static final String FILE = "optimizer.safetensors";

  /**
   * @param step updates this parameter took part in
   * @param expAvg first moment, shaped like the parameter
   * @param expAvgSq second moment, shaped like the parameter
   */
  public record ParameterMoments(long step, NamedArray expAvg, NamedArray expAvgSq) {
    public ParameterMoments {
      Checks.argument(step >= 1, "a parameter with moments has taken >= 1 step, got %s", step);
      Checks.argument(
          expAvg.dtype() == expAvgSq.dtype() && java.util.Arrays.equals(expAvg.shape(), expAvgSq.shape()),
          "exp_avg %s and exp_avg_sq %s must agree in dtype and shape", expAvg, expAvgSq);
    }
  }

  public OptimizerState {
    Checks.notNull(type, "type");
    decayed = Set.copyOf(decayed);
    Checks.argument(stepCount >= 0, "step count must be >= 0, got %s", stepCount);
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    for (var e : parameters.entrySet()) {
      Checks.argument(
          e.getValue().step() <= stepCount,
          "parameter %s took %s steps, more than the optimizer's %s", e.getKey(), e.getValue().step(), stepCount);
    }
  }

  /** A host copy of the optimizer's current state. */
  public static OptimizerState of(AdamW optimizer) {
    Map<String, ParameterMoments> parameters = new LinkedHashMap<>();
    optimizer.moments().forEach((name, m) ->
        parameters.put(name, new ParameterMoments(m.step(), Arrays.toArray(m.expAvg()), Arrays.toArray(m.expAvgSq()))));
    return new OptimizerState(
        optimizer.type(),
        optimizer.beta1(), optimizer.beta2(), optimizer.eps(), optimizer.weightDecay(), optimizer.decayed(),
        optimizer.stepCount(), parameters);
  }

  void write(Path file) {
    Map<String, NamedArray> tensors = new LinkedHashMap<>();
    parameters.forEach((name, m) -> {
      tensors.put("exp_avg." + name, m.expAvg());
      tensors.put("exp_avg_sq." + name, m.expAvgSq());
      tensors.put("step." + name, NamedArray.ofLongs(new long[0], m.step()));
    });
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("type", type.fileName());
    meta.put("beta1", Double.toString(beta1));
    meta.put("beta2", Double.toString(beta2));
    meta.put("eps", Double.toString(eps));
    meta.put("weight_decay", Double.toString(weightDecay));
    meta.put("step", Long.toString(stepCount));
    meta.put("decayed", Json.compact(new TreeSet<>(decayed)));
    SafeTensors.write(file, tensors, meta);
  }

  static OptimizerState read(Path file) {
    SafeTensorsFile st = SafeTensors.read(file);
    Map<String, String> meta = st.metadata();
    OptimizerType type;
    try {
      type = OptimizerType.parse(String.valueOf(meta.get("type")));
    } catch (IllegalArgumentException e) {
      throw new FormatException(
          file.toString(), "optimizer type is '" + meta.get("type") + "'; this rnnt4j knows: adamw, adam", e);
    }
    Map<String, ParameterMoments> parameters = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String key : st.tensors().keySet()) {
      if (key.startsWith("exp_avg.")) {
        String name = key.substring("exp_avg.".length());
        try {
          parameters.put(
              name,
              new ParameterMoments(
                  scalar(st, "step." + name, file), st.tensor(key), st.tensor("exp_avg_sq." + name)));
        } catch (IllegalArgumentException e) {
          throw new FormatException(file.toString(), "parameter " + name + ": " + e.getMessage(), e);
        }
      } else if (!key.startsWith("exp_avg_sq.") && !key.startsWith("step.")) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty() || st.tensors().size() != 3 * parameters.size()) {
      throw new FormatException(
          file.toString(),
          "expected exp_avg, exp_avg_sq and step for each of " + parameters.size() + " parameters, got "
              + st.tensors().size() + " tensors" + (unknown.isEmpty() ? "" : "; unknown: " + unknown));
    }
    try {
      Set<String> decayed = new TreeSet<>();
      for (JsonNode n : Json.parse(metadata(meta, "decayed", file))) {
        decayed.add(n.asText());
      }
      return new OptimizerState(
          type,
          number(meta, "beta1", file), number(meta, "beta2", file), number(meta, "eps", file),
          number(meta, "weight_decay", file), decayed, Long.parseLong(metadata(meta, "step", file)), parameters);
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
  }

  private static long scalar(SafeTensorsFile st, String key, Path file) {
    NamedArray a = st.tensor(key);
    if (a.numel() != 1 || a.dtype() != org.rnnt4j.util.safetensors.DType.I64) {
      throw new FormatException(file.toString(), key + " must hold one integer, got " + a);
    }
    return a.toLongArray()[0];
  }

  private static String metadata(Map<String, String> meta, String key, Path file) {
    String v = meta.get(key);
    if (v == null) {
      throw new FormatException(file.toString(), "__metadata__ lacks '" + key + "'");
    }
    return v;
  }

  private static double number(Map<String, String> meta, String key, Path file) {
    return Double.parseDouble(metadata(meta, key, file));
  }
}
