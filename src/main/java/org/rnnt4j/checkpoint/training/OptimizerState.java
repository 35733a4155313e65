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
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.optim.DynamicMap;
import org.rnnt4j.optim.Optimizer;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.optim.OptimizerType;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * The optimizer's state at a save point, copied to host memory bit for bit, as {@code
 * optimizer.safetensors} holds it: per updated parameter with float32 moments {@code exp_avg.<name>},
 * {@code exp_avg_sq.<name>} (in the parameter's dtype) and {@code step.<name>} (a 0-d int64: the updates
 * it took part in, which drive its bias correction, as {@code torch.optim.AdamW} counts them); with
 * 8-bit AdamW, per parameter with 8-bit moments {@code state1.<name>}, {@code state2.<name>} (uint8
 * codes), {@code absmax1.<name>}, {@code absmax2.<name>} (float32, one per block of 256) and {@code
 * step.<name>}, and once the two quantisation maps {@code qmap1} and {@code qmap2}, as bitsandbytes names
 * them. The optimizer's {@code type} ({@code adamw}, {@code adam} or {@code adamw_bnb_8bit}), the
 * hyperparameters and its own step count go into the file's {@code __metadata__}. The learning rate is
 * the schedule's ({@link ScheduleState}).
 *
 * @param type decoupled (adamw) or L2 (adam) weight decay; {@code __metadata__}'s {@code type}
 * @param decayed the parameter names that receive weight decay (Hugging Face exempts biases and norms)
 * @param stepCount calls to {@code step} (at most the global step: non-finite losses skip the update)
 * @param parameters per updated parameter with float32 moments, in parameter order
 * @param optim which implementation wrote this state: float32 moments, or 8-bit ones (then {@code type} is
 *     adamw)
 * @param quantized per updated parameter with 8-bit moments, in parameter order (8-bit AdamW only)
 */
public record OptimizerState(
    OptimizerType type,
    double beta1, double beta2, double eps, double weightDecay, Set<String> decayed, long stepCount,
    Map<String, ParameterMoments> parameters, OptimizerName optim, Map<String, QuantizedParameterMoments> quantized) {
  public static final String FILE = "optimizer.safetensors";
  /** The {@code type} of 8-bit AdamW's file; AdamW's and Adam's are {@link OptimizerType#fileName}. */
  static final String EIGHT_BIT_TYPE = "adamw_bnb_8bit";
  private static final String[] QUANTIZED_PARTS = {"state1.", "absmax1.", "state2.", "absmax2."};

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

  /**
   * One parameter's 8-bit moments: bitsandbytes' blockwise codes of the signed (first moment) and the
   * unsigned (second moment) dynamic map, with each block's absmax.
   *
   * @param step updates this parameter took part in
   * @param state1 U8, the parameter's shape
   * @param absmax1 F32, (ceil(n / 256))
   * @param state2 U8, the parameter's shape
   * @param absmax2 F32, (ceil(n / 256))
   */
  public record QuantizedParameterMoments(long step, NamedArray state1, NamedArray absmax1, NamedArray state2, NamedArray absmax2) {
    public QuantizedParameterMoments {
      Checks.argument(step >= 1, "a parameter with moments has taken >= 1 step, got %s", step);
      Checks.argument(
          state1.dtype() == org.rnnt4j.util.safetensors.DType.U8 && state2.dtype() == org.rnnt4j.util.safetensors.DType.U8
              && java.util.Arrays.equals(state1.shape(), state2.shape()),
          "state1 %s and state2 %s must be uint8 codes of one shape", state1, state2);
      long blocks = (state1.numel() + 255) / 256;
      for (NamedArray absmax : List.of(absmax1, absmax2)) {
        Checks.argument(
            absmax.dtype() == org.rnnt4j.util.safetensors.DType.F32 && absmax.shape().length == 1 && absmax.numel() == blocks,
            "absmax must be F32 (%s), one per block of 256 codes, got %s", blocks, absmax);
      }
    }
  }

  public OptimizerState {
    Checks.notNull(type, "type");
    decayed = Set.copyOf(decayed);
    Checks.argument(stepCount >= 0, "step count must be >= 0, got %s", stepCount);
    Checks.notNull(optim, "optim");
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    quantized = Collections.unmodifiableMap(new LinkedHashMap<>(quantized));
    Checks.argument(
        quantized.isEmpty() || optim == OptimizerName.ADAMW_BNB_8BIT, "%s keeps no 8-bit moments", optim.flagName());
    Checks.argument(
        optim != OptimizerName.ADAMW_BNB_8BIT || type == OptimizerType.ADAMW,
        "8-bit AdamW decays weights decoupled (adamw), got %s", type.fileName());
    for (var e : parameters.entrySet()) {
      Checks.argument(
          e.getValue().step() <= stepCount,
          "parameter %s took %s steps, more than the optimizer's %s", e.getKey(), e.getValue().step(), stepCount);
      Checks.argument(!quantized.containsKey(e.getKey()), "parameter %s has both float32 and 8-bit moments", e.getKey());
    }
    for (var e : quantized.entrySet()) {
      Checks.argument(
          e.getValue().step() <= stepCount,
          "parameter %s took %s steps, more than the optimizer's %s", e.getKey(), e.getValue().step(), stepCount);
    }
  }

  /** AdamW's or Adam's state ({@code adamw_torch}): float32 moments only. */
  public OptimizerState(
      OptimizerType type, double beta1, double beta2, double eps, double weightDecay, Set<String> decayed, long stepCount,
      Map<String, ParameterMoments> parameters) {
    this(type, beta1, beta2, eps, weightDecay, decayed, stepCount, parameters, OptimizerName.ADAMW_TORCH, Map.of());
  }

  /** A host copy of the optimizer's current state. */
  public static OptimizerState of(Optimizer optimizer) {
    Map<String, ParameterMoments> parameters = new LinkedHashMap<>();
    optimizer.moments().forEach((name, m) ->
        parameters.put(name, new ParameterMoments(m.step(), Arrays.toArray(m.expAvg()), Arrays.toArray(m.expAvgSq()))));
    Map<String, QuantizedParameterMoments> quantized = new LinkedHashMap<>();
    optimizer.quantizedMoments().forEach((name, q) ->
        quantized.put(
            name,
            new QuantizedParameterMoments(
                q.step(), Arrays.toArray(q.state1()), Arrays.toArray(q.absmax1()), Arrays.toArray(q.state2()),
                Arrays.toArray(q.absmax2()))));
    return new OptimizerState(
        optimizer.type(),
        optimizer.beta1(), optimizer.beta2(), optimizer.eps(), optimizer.weightDecay(), optimizer.decayed(),
        optimizer.stepCount(), parameters, optimizer.name(), quantized);
  }

  /**
   * The state as {@link Optimizer#loadState} takes it: the tensors under their file names, on the CPU
   * (codes as int64, which the 8-bit optimizer narrows back to uint8 without loss).
   */
  public Map<String, Tensor> stateTensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    parameters.forEach((name, m) -> {
      out.put("exp_avg." + name, Arrays.toTensor(m.expAvg()));
      out.put("exp_avg_sq." + name, Arrays.toTensor(m.expAvgSq()));
      out.put("step." + name, Tensor.ofLongs(new long[] {m.step()}));
    });
    quantized.forEach((name, q) -> {
      out.put("state1." + name, Arrays.toTensor(q.state1()));
      out.put("absmax1." + name, Arrays.toTensor(q.absmax1()));
      out.put("state2." + name, Arrays.toTensor(q.state2()));
      out.put("absmax2." + name, Arrays.toTensor(q.absmax2()));
      out.put("step." + name, Tensor.ofLongs(new long[] {q.step()}));
    });
    return out;
  }

  void write(Path file) {
    Map<String, NamedArray> tensors = new LinkedHashMap<>();
    parameters.forEach((name, m) -> {
      tensors.put("exp_avg." + name, m.expAvg());
      tensors.put("exp_avg_sq." + name, m.expAvgSq());
      tensors.put("step." + name, NamedArray.ofLongs(new long[0], m.step()));
    });
    quantized.forEach((name, q) -> {
      tensors.put("state1." + name, q.state1());
      tensors.put("absmax1." + name, q.absmax1());
      tensors.put("state2." + name, q.state2());
      tensors.put("absmax2." + name, q.absmax2());
      tensors.put("step." + name, NamedArray.ofLongs(new long[0], q.step()));
    });
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("type", optim == OptimizerName.ADAMW_BNB_8BIT ? EIGHT_BIT_TYPE : type.fileName());
    if (optim == OptimizerName.ADAMW_BNB_8BIT) {
      tensors.put("qmap1", Arrays.toArray(DynamicMap.signed()));
      tensors.put("qmap2", Arrays.toArray(DynamicMap.unsigned()));
      meta.put("block_size", "256");
    }
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
    String typeName = String.valueOf(meta.get("type"));
    boolean eightBit = typeName.equals(EIGHT_BIT_TYPE);
    OptimizerName optim = eightBit ? OptimizerName.ADAMW_BNB_8BIT : OptimizerName.ADAMW_TORCH;
    OptimizerType type;
    try {
      type = eightBit ? OptimizerType.ADAMW : OptimizerType.parse(typeName);
    } catch (IllegalArgumentException e) {
      throw new FormatException(
          file.toString(), "optimizer type is '" + typeName + "'; this rnnt4j knows: adamw, adam, " + EIGHT_BIT_TYPE, e);
    }
    if (eightBit) {
      checkMap(st, "qmap1", DynamicMap.signed(), file);
      checkMap(st, "qmap2", DynamicMap.unsigned(), file);
    }
    Map<String, ParameterMoments> parameters = new LinkedHashMap<>();
    Map<String, QuantizedParameterMoments> quantized = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String key : st.tensors().keySet()) {
      try {
        if (key.startsWith("exp_avg.")) {
          String name = key.substring("exp_avg.".length());
          parameters.put(
              name,
              new ParameterMoments(scalar(st, "step." + name, file), st.tensor(key), tensor(st, "exp_avg_sq." + name, file)));
        } else if (eightBit && key.startsWith("state1.")) {
          String name = key.substring("state1.".length());
          quantized.put(
              name,
              new QuantizedParameterMoments(
                  scalar(st, "step." + name, file), st.tensor(key), tensor(st, "absmax1." + name, file),
                  tensor(st, "state2." + name, file), tensor(st, "absmax2." + name, file)));
        } else if (!key.startsWith("exp_avg_sq.") && !key.startsWith("step.") && !(eightBit && isQuantizedPart(key))) {
          unknown.add(key);
        }
      } catch (IllegalArgumentException e) {
        throw new FormatException(file.toString(), key + ": " + e.getMessage(), e);
      }
    }
    int expected = 3 * parameters.size() + 5 * quantized.size() + (eightBit ? 2 : 0);
    if (!unknown.isEmpty() || st.tensors().size() != expected) {
      throw new FormatException(
          file.toString(),
          "expected exp_avg, exp_avg_sq and step for each of " + parameters.size() + " parameters"
              + (eightBit ? ", state1, absmax1, state2, absmax2 and step for each of " + quantized.size() + " 8-bit ones"
                  + " and qmap1, qmap2" : "")
              + ": " + expected + " tensors, got " + st.tensors().size() + (unknown.isEmpty() ? "" : "; unknown: " + unknown));
    }
    try {
      Set<String> decayed = new TreeSet<>();
      for (JsonNode n : Json.parse(metadata(meta, "decayed", file))) {
        decayed.add(n.asText());
      }
      return new OptimizerState(
          type,
          number(meta, "beta1", file), number(meta, "beta2", file), number(meta, "eps", file),
          number(meta, "weight_decay", file), decayed, Long.parseLong(metadata(meta, "step", file)), parameters, optim,
          quantized);
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
  }

  private static boolean isQuantizedPart(String key) {
    for (String part : QUANTIZED_PARTS) {
      if (key.startsWith(part)) {
        return true;
      }
    }
    return key.equals("qmap1") || key.equals("qmap2");
  }

  private static NamedArray tensor(SafeTensorsFile st, String key, Path file) {
    if (!st.tensors().containsKey(key)) {
      throw new FormatException(file.toString(), "lacks " + key);
    }
    return st.tensor(key);
  }

  /**
   * A file's map must be the one this build quantises with, or its codes mean other values. Within 1e-6
   * relative: the map is computed with libtorch's float32 linspace, whose last bits differ between
   * PyTorch versions, which moves no code's value by more than a few ulps.
   */
  private static void checkMap(SafeTensorsFile st, String key, Tensor expected, Path file) {
    NamedArray map = tensor(st, key, file);
    float[] own = expected.toFloatArray();
    boolean same = map.dtype() == org.rnnt4j.util.safetensors.DType.F32 && map.numel() == own.length;
    float[] theirs = same ? map.toFloatArray() : new float[0];
    for (int i = 0; same && i < own.length; i++) {
      same = Math.abs(theirs[i] - own[i]) <= 1e-6 * Math.abs(own[i]);
    }
    if (!same) {
      throw new FormatException(
          file.toString(), key + " is not bitsandbytes' dynamic map this rnnt4j quantises with: its 8-bit codes would"
              + " mean other values");
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
