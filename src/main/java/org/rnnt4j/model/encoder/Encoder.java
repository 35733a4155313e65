package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;

/**
 * The acoustic encoder of a transducer: features (B, D, T) with lengths to hidden frames (B, H, T').
 * Implementations: {@link ContextNetEncoder} (NeMo's ConvASREncoder) and {@link ConformerEncoder} (NeMo's
 * ConformerEncoder: Conformer and FastConformer); {@link EncoderConfig#build()} makes either from its config.
 */
public interface Encoder {
  /**
   * @param features (B, D, T)
   * @param lengths (B) int64 valid frames
   * @return (B, H, T') and lengths (B)
   */
  Encoded encode(Tensor features, Tensor lengths);

  /** H, the size of each output frame. */
  long hiddenSize();

  /** The module holding this encoder's parameters (registered as {@code encoder}). */
  Module module();

  /**
   * Hugging Face's {@code gradient_checkpointing}: when on, each block (ContextNet block, Conformer
   * layer) keeps only its input during a training forward pass and recomputes its activations in the
   * backward pass; the values and gradients stay the same, the peak memory drops. Off by default.
   */
  void gradientCheckpointing(boolean enabled);
}
