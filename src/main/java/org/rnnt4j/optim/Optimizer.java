package org.rnnt4j.optim;

import java.util.Map;
import java.util.Set;
import org.rnnt4j.engine.Tensor;

/**
 * An optimizer the trainer steps: {@link AdamW} ({@code --optim adamw_torch}) or {@link AdamW8bit}
 * ({@code --optim adamw_bnb_8bit}). Both update the parameters they were given in place, count steps per
 * parameter for the bias correction, and expose their state for checkpoints: first and second moments
 * in float32 ({@link #moments}) or block-quantised to 8 bits ({@link #quantizedMoments}).
 */
public interface Optimizer {
  /** Applies one update with learning rate {@code lr} to every parameter that has a gradient. */
  void step(double lr);

  /** Clears every parameter's gradient. */
  void zeroGrad();

  /** Calls to {@link #step}; a parameter's own count can be lower (it had no gradient for a while). */
  long stepCount();

  /** Hugging Face's {@code --optim} name of this optimizer. */
  OptimizerName name();

  /** How weight decay applies: decoupled (AdamW) or as an L2 term (Adam). */
  OptimizerType type();

  double beta1();

  double beta2();

  double eps();

  double weightDecay();

  /** The names that receive weight decay. */
  Set<String> decayed();

  /**
   * The parameters whose moments are float32, updated at least once, in parameter order: all of AdamW's;
   * AdamW8bit's tensors below its 8-bit size. The tensors are live: copy them before the next step.
   */
  Map<String, AdamW.Moments> moments();

  /** The parameters whose moments are 8-bit codes, updated at least once, in parameter order (live). */
  Map<String, QuantizedMoments> quantizedMoments();

  /**
   * The state as named tensors (the names of {@code optimizer.safetensors}): {@code exp_avg.<name>},
   * {@code exp_avg_sq.<name>}, {@code step.<name>} for float32 moments; {@code state1.<name>}, {@code
   * absmax1.<name>}, {@code state2.<name>}, {@code absmax2.<name>}, {@code step.<name>} for 8-bit ones.
   */
  Map<String, Tensor> state();

  /** Restores {@link #state()} and the optimizer's step count from a checkpoint. */
  void loadState(Map<String, Tensor> state, long stepCount);

  /** Bytes the moments occupy now (codes, block scales and float32 moments; step counts not included). */
  long stateBytes();
}
