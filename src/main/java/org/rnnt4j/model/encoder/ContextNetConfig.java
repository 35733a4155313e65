package org.rnnt4j.model.encoder;

import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code ConvASREncoder} with ContextNet blocks.
 *
 * @param featIn {@code feat_in}, mel bands
 * @param blocks the {@code jasper:} list, in order
 */
public record ContextNetConfig(int featIn, List<JasperBlockConfig> blocks, InitMode initMode) implements EncoderConfig {
  /** NeMo's {@code init_mode} for the encoder's convolution and linear weights. */
  public enum InitMode {
    /** Glorot uniform (NeMo's default for ConvASREncoder). */
    XAVIER_UNIFORM,
    /** U(-2/sqrt(fan_in), 2/sqrt(fan_in)) (Hannun et al. 2019), NeMo's ContextNet confs. */
    TDS_UNIFORM,
    /** PyTorch's own default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    PYTORCH_DEFAULT;

    public static InitMode fromNemoName(String name) {
      switch (name) {
        case "xavier_uniform":
          return XAVIER_UNIFORM;
        case "tds_uniform":
          return TDS_UNIFORM;
        default:
          throw new IllegalArgumentException(
              "init_mode '" + name + "' is not supported (xavier_uniform, tds_uniform)");
      }
    }
  }

  public ContextNetConfig {
    Checks.argument(featIn > 0, "feat_in must be > 0, got %s", featIn);
    blocks = List.copyOf(blocks);
    Checks.notNull(initMode, "init_mode");
  }

  @Override
  public Encoder build() {
    return new ContextNetEncoder(featIn, blocks, initMode);
  }
}
