package org.rnnt4j.model;

import org.rnnt4j.features.MelConfig;
import org.rnnt4j.features.SpecAugmentConfig;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.model.encoder.EncoderConfig;
import org.rnnt4j.util.Checks;

/**
 * A transducer's architecture as read from a NeMo model config, one typed record per section.
 *
 * @param preprocessor the {@code preprocessor:} section
 * @param specAugment the {@code spec_augment:} section (none when absent)
 * @param encoder the {@code encoder:} section: {@link org.rnnt4j.model.encoder.ContextNetConfig} or
 *     {@link org.rnnt4j.model.encoder.ConformerConfig}
 * @param decoder the {@code decoder:} section
 * @param joint the {@code joint:} section
 * @param loss the {@code loss:} section and the model's {@code rnnt_reduction}
 * @param maxSymbols {@code decoding.greedy.max_symbols}
 */
public record TransducerConfig(
    MelConfig preprocessor,
    SpecAugmentConfig specAugment,
    EncoderConfig encoder,
    DecoderConfig decoder,
    JointConfig joint,
    LossConfig loss,
    int maxSymbols) {

  /** RNNTDecoder settings ({@code prednet}). */
  public record DecoderConfig(long predHidden, int layers, double dropout, double forgetGateBias) {}

  /** RNNTJoint settings ({@code jointnet}). */
  public record JointConfig(long jointHidden, double dropout) {}

  /**
   * @param reduction the conf's {@code rnnt_reduction} (mean_batch, mean, sum or mean_volume; never NONE)
   * @param fastemitLambda FastEmit regularisation (0 = off)
   * @param clamp gradient clamp (<= 0 = off)
   */
  public record LossConfig(Reduction reduction, double fastemitLambda, double clamp) {
    public LossConfig {
      Checks.notNull(reduction, "rnnt_reduction");
      Checks.argument(reduction != Reduction.NONE, "rnnt_reduction must reduce to a scalar, got %s", reduction);
    }
  }
}
