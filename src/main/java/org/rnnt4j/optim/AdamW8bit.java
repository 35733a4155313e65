package org.rnnt4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.util.Checks;

/**
 * 8-bit AdamW as bitsandbytes' {@code bnb.optim.AdamW8bit} runs it (Dettmers et al. 2022, "8-bit
 * Optimizers via Block-wise Quantization"), which Hugging Face builds for {@code --optim adamw_bnb_8bit}:
 * the moments of every parameter of at least {@link #MIN_8BIT_SIZE} elements are stored as 8-bit codes
 * of the {@link DynamicMap} (signed for the first moment, unsigned for the second) with one float32
 * absmax per block of 256 elements: about 2 bytes per element instead of AdamW's 8. Each update
 * dequantises both moments, applies {@code torch.optim.AdamW}'s update in float32 (decoupled weight
 * decay, bias-corrected moments, eps added to the corrected square root: bitsandbytes' CPU kernel for
 * Adam), and requantises them with a new absmax per block. Smaller tensors (biases, norms) keep float32
 * moments and are updated exactly as {@link AdamW} updates them, as bitsandbytes keeps 32-bit state for
 * them. Percentile clipping is bitsandbytes' default 100 (off); there is no update-norm limit.
 *
 * <p>Differences from bitsandbytes' CUDA kernel, which fuses the same steps: it applies the weight decay
 * after the update rather than before, rounds to the nearest code by its own binary search (which keeps
 * a first moment's sign when rounding would flip it), and uses fast-math division; this class follows
 * the CPU kernel on every device, so CPU and CUDA runs agree.
 *
 * <p>Each parameter's update runs in its own {@link TensorScope}, so the dequantised float32 moments
 * exist for one parameter at a time.
 */
public final class AdamW8bit implements Optimizer {
  /** Tensors smaller than this keep float32 moments (bitsandbytes' {@code min_8bit_size}). */
  public static final long MIN_8BIT_SIZE = 4096;

  private final Map<String, Tensor> params;
  private final Set<String> decayed;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final AdamW small;
  private final Map<String, Tensor> large = new LinkedHashMap<>();
  private final Map<String, State> states = new LinkedHashMap<>();
  private final Map<Device, BlockwiseQuantizer[]> quantizers = new HashMap<>();
  private final Tensor signedMap;
  private final Tensor unsignedMap;
  private long step;

  /** One parameter's live 8-bit moments, overwritten in place by each update. */
  private static final class State {
    long step;
    final Tensor state1;
    final Tensor absmax1;
    final Tensor state2;
    final Tensor absmax2;

    State(Tensor state1, Tensor absmax1, Tensor state2, Tensor absmax2) {
      this.state1 = state1.retain();
      this.absmax1 = absmax1.retain();
      this.state2 = state2.retain();
      this.absmax2 = absmax2.retain();
    }

    /** bitsandbytes' initial state: codes 0 and absmax 0, which dequantise to zero moments. */
    static State zeros(Tensor p) {
      long blocks = BlockwiseQuantizer.blocks(p.numel());
      Tensor codes = p.newFull(0, DType.UINT8, p.shape());
      Tensor absmax = p.newFull(0, DType.FLOAT32, blocks);
      return new State(codes, absmax, codes.cloneTensor(), absmax.cloneTensor());
    }
  }

  /**
   * @param params trainable parameters by name (float32)
   * @param decayed the names that receive weight decay
   */
  public AdamW8bit(Map<String, Tensor> params, Set<String> decayed, double beta1, double beta2, double eps, double weightDecay) {
    this(params, decayed, beta1, beta2, eps, weightDecay, DynamicMap.signed(), DynamicMap.unsigned());
  }

  /** With other quantisation maps (tests: the maps of another PyTorch's linspace). */
  AdamW8bit(
      Map<String, Tensor> params, Set<String> decayed, double beta1, double beta2, double eps, double weightDecay,
      Tensor signedMap, Tensor unsignedMap) {
    this.signedMap = signedMap.retain();
    this.unsignedMap = unsignedMap.retain();
    Map<String, Tensor> below = new LinkedHashMap<>();
    params.forEach((name, p) -> {
      if (p.numel() >= MIN_8BIT_SIZE) {
        Checks.argument(p.dtype() == DType.FLOAT32, "8-bit AdamW needs float32 parameters, %s is %s", name, p.dtype());
        large.put(name, p);
      } else {
        below.put(name, p);
      }
    });
    Set<String> smallDecayed = new java.util.HashSet<>(decayed);
    smallDecayed.retainAll(below.keySet());
    this.small = new AdamW(below, smallDecayed, beta1, beta2, eps, weightDecay);
    this.params = new LinkedHashMap<>(params);
    this.decayed = Set.copyOf(decayed);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(double lr) {
    step++;
    small.step(lr);
    try (NoGrad ignored = new NoGrad()) {
      for (Map.Entry<String, Tensor> e : large.entrySet()) {
        Tensor p = e.getValue();
        Tensor g = p.grad();
        if (g == null || !p.requiresGrad()) {
          continue;
        }
        State s = states.computeIfAbsent(e.getKey(), k -> State.zeros(p));
        s.step++;
        try (TensorScope scope = new TensorScope()) {
          update(p, g, s, lr, weightDecay > 0 && decayed.contains(e.getKey()));
        }
      }
    }
  }

  /** Dequantise, AdamW in float32, requantise (bitsandbytes' {@code optimizer_update_8bit_blockwise}). */
  private void update(Tensor p, Tensor g, State s, double lr, boolean decay) {
    BlockwiseQuantizer[] q = quantizers(p.device());
    Tensor m = q[0].dequantize(s.state1, s.absmax1); // p's shape, float32
    Tensor v = q[1].dequantize(s.state2, s.absmax2);
    m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
    v.mulInPlace(beta2).addcmulInPlace(g, g, 1 - beta2);
    double bc1 = 1 - Math.pow(beta1, s.step);
    double bc2 = 1 - Math.pow(beta2, s.step);
    Tensor denom = v.sqrt().div(Math.sqrt(bc2)).add(eps);
    if (decay) {
      p.mulInPlace(1 - lr * weightDecay);
    }
    p.addcdivInPlace(m, denom, -lr / bc1);
    BlockwiseQuantizer.Quantized qm = q[0].quantize(m);
    BlockwiseQuantizer.Quantized qv = q[1].quantize(v);
    s.state1.copyFrom(qm.codes());
    s.absmax1.copyFrom(qm.absmax());
    s.state2.copyFrom(qv.codes());
    s.absmax2.copyFrom(qv.absmax());
  }

  /** The signed and the unsigned quantizer on {@code device}. */
  private BlockwiseQuantizer[] quantizers(Device device) {
    return quantizers.computeIfAbsent(
        device,
        d -> new BlockwiseQuantizer[] {
          new BlockwiseQuantizer(signedMap, d), new BlockwiseQuantizer(unsignedMap, d)
        });
  }

  @Override
  public void zeroGrad() {
    for (Tensor p : params.values()) {
      p.clearGrad();
    }
  }

  @Override
  public long stepCount() {
    return step;
  }

  @Override
  public OptimizerName name() {
    return OptimizerName.ADAMW_BNB_8BIT;
  }

  /** bitsandbytes' AdamW: decoupled decay. */
  @Override
  public OptimizerType type() {
    return OptimizerType.ADAMW;
  }

  @Override
  public double beta1() {
    return beta1;
  }

  @Override
  public double beta2() {
    return beta2;
  }

  @Override
  public double eps() {
    return eps;
  }

  @Override
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public Set<String> decayed() {
    return decayed;
  }

  /** The names of the parameters whose moments are 8-bit (at least {@link #MIN_8BIT_SIZE} elements). */
  public Set<String> quantized() {
    return Collections.unmodifiableSet(large.keySet());
  }

  @Override
  public Map<String, AdamW.Moments> moments() {
    return small.moments();
  }

  @Override
  public Map<String, QuantizedMoments> quantizedMoments() {
    Map<String, QuantizedMoments> out = new LinkedHashMap<>();
    states.forEach((name, s) -> out.put(name, new QuantizedMoments(s.step, s.state1, s.absmax1, s.state2, s.absmax2)));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>(small.state());
    states.forEach((name, s) -> {
      out.put("state1." + name, s.state1);
      out.put("absmax1." + name, s.absmax1);
      out.put("state2." + name, s.state2);
      out.put("absmax2." + name, s.absmax2);
      out.put("step." + name, Tensor.ofLongs(new long[] {s.step}));
    });
    return out;
  }

  /**
   * Restores {@link #state()}: float32 moments of the small tensors, 8-bit codes and block scales of
   * the others (copied bit for bit to each parameter's device; codes may come as any integer type).
   */
  @Override
  public void loadState(Map<String, Tensor> state, long stepCount) {
    Map<String, Tensor> forSmall = new LinkedHashMap<>();
    Map<String, Map<String, Tensor>> byParameter = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      String key = e.getKey();
      int dot = key.indexOf('.');
      String kind = dot < 0 ? key : key.substring(0, dot);
      String name = dot < 0 ? "" : key.substring(dot + 1);
      if (large.containsKey(name) && List.of("state1", "absmax1", "state2", "absmax2", "step").contains(kind)) {
        byParameter.computeIfAbsent(name, k -> new HashMap<>()).put(kind, e.getValue());
      } else if (!large.containsKey(name)) {
        forSmall.put(key, e.getValue());
      } else {
        unknown.add(key);
      }
    }
    Checks.argument(unknown.isEmpty(), "8-bit optimizer state has entries it does not know: %s", unknown);
    small.loadState(forSmall, stepCount);
    Map<String, State> loaded = new LinkedHashMap<>();
    byParameter.forEach((name, parts) -> loaded.put(name, restore(name, parts, stepCount)));
    states.clear();
    for (String name : large.keySet()) {
      if (loaded.containsKey(name)) {
        states.put(name, loaded.get(name));
      }
    }
    this.step = stepCount;
  }

  private State restore(String name, Map<String, Tensor> parts, long stepCount) {
    Tensor p = large.get(name);
    for (String kind : List.of("state1", "absmax1", "state2", "absmax2")) {
      Checks.argument(parts.containsKey(kind), "8-bit optimizer state of %s lacks %s", name, kind);
    }
    long blocks = BlockwiseQuantizer.blocks(p.numel());
    State s =
        new State(
            codes(parts.get("state1"), p, name), scales(parts.get("absmax1"), blocks, p, name),
            codes(parts.get("state2"), p, name), scales(parts.get("absmax2"), blocks, p, name));
    s.step = parts.containsKey("step") ? parts.get("step").toLongArray()[0] : stepCount;
    return s;
  }

  private static Tensor codes(Tensor codes, Tensor p, String name) {
    Checks.argument(
        java.util.Arrays.equals(codes.shape(), p.shape()),
        "8-bit codes of %s must have the parameter's shape %s, got %s", name, p.shapeString(), codes.shapeString());
    return codes.to(DType.UINT8).to(p.device()).cloneTensor();
  }

  private static Tensor scales(Tensor absmax, long blocks, Tensor p, String name) {
    Checks.argument(
        absmax.dim() == 1 && absmax.size(0) == blocks,
        "absmax of %s must be (%s), one per block of 256, got %s", name, blocks, absmax.shapeString());
    return absmax.to(DType.FLOAT32).to(p.device()).cloneTensor();
  }

  /** Codes (1 byte per element) and absmax of the 8-bit moments, plus the small tensors' float32 moments. */
  @Override
  public long stateBytes() {
    long bytes = small.stateBytes();
    for (State s : states.values()) {
      bytes += s.state1.nbytes() + s.absmax1.nbytes() + s.state2.nbytes() + s.absmax2.nbytes();
    }
    return bytes;
  }
}
