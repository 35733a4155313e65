package org.rnnt4j.train;

import org.rnnt4j.engine.Autocast;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.optim.DynamicLossScaler;
import org.rnnt4j.optim.LossScaler;

/**
 * The training precision, as Hugging Face's {@code --bf16} and {@code --fp16} choose it: the weights,
 * gradients and optimizer state stay float32; the encoder, prediction network and joint run under
 * {@link Autocast} to the lower precision; the features (NeMo runs its preprocessor outside autocast)
 * and the transducer loss with its lattice stay float32. float16's narrow range needs dynamic loss
 * scaling ({@link DynamicLossScaler}, GradScaler's); bfloat16 has float32's range and needs none, as in
 * Hugging Face's Trainer.
 */
public enum MixedPrecision {
  /** float32 throughout. */
  NO(null),
  /** {@code --bf16}: autocast to bfloat16. */
  BF16(DType.BFLOAT16),
  /** {@code --fp16}: autocast to float16 with dynamic loss scaling. */
  FP16(DType.FLOAT16);

  private final DType autocastDtype;

  MixedPrecision(DType autocastDtype) {
    this.autocastDtype = autocastDtype;
  }

  /** From the two flags; both at once is refused, as Hugging Face refuses it. */
  public static MixedPrecision of(boolean bf16, boolean fp16) {
    if (bf16 && fp16) {
      throw new IllegalArgumentException("--bf16 and --fp16 exclude each other: give at most one");
    }
    return bf16 ? BF16 : fp16 ? FP16 : NO;
  }

  /** The dtype autocast casts to, or null for {@link #NO}. */
  public DType autocastDtype() {
    return autocastDtype;
  }

  /** Autocast on {@code device} until closed, or null (no scope) for {@link #NO}. */
  Autocast enter(Device device) {
    return autocastDtype == null ? null : Autocast.enable(device, autocastDtype);
  }

  /** A fresh loss scaler: GradScaler's defaults for float16, none otherwise. */
  LossScaler newScaler() {
    return this == FP16 ? new DynamicLossScaler() : LossScaler.NONE;
  }

  /** The flag's name ({@code no}, {@code bf16}, {@code fp16}: accelerate's {@code mixed_precision} values). */
  public String flagName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
