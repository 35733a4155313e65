package org.rnnt4j.model.encoder;

/**
 * The {@code encoder:} section of a NeMo model config, one record per encoder family NeMo's {@code
 * _target_} names: {@link ContextNetConfig} ({@code ConvASREncoder}) and {@link ConformerConfig}
 * ({@code ConformerEncoder}, Conformer and FastConformer). Each builds its encoder with fresh parameters.
 */
public sealed interface EncoderConfig permits ContextNetConfig, ConformerConfig {
  /** D, the number of feature bands the encoder reads ({@code feat_in}). */
  int featIn();

  /** A new encoder with NeMo's default initialisation (libtorch's seeded generator). */
  Encoder build();
}
