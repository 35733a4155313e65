package org.rnnt4j.model.encoder;

import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code ConvASREncoder} with ContextNet blocks.
 *
 * @param featIn {@code feat_in}, mel bands
 * @param blocks the {@code jasper:} list, in order
 */
public record ContextNetConfig(int featIn, List<JasperBlockConfig> blocks) implements EncoderConfig {
  public ContextNetConfig {
    Checks.argument(featIn > 0, "feat_in must be > 0, got %s", featIn);
    blocks = List.copyOf(blocks);
  }

  @Override
  public Encoder build() {
    return new ContextNetEncoder(featIn, blocks);
  }
}
