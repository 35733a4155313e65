package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/** {@code beam}: NeMo's {@code default_beam_search}. */
public record BeamSearchOptions(BeamOptions beam) implements DecodingOptions {
  public BeamSearchOptions {
    Checks.notNull(beam, "beam");
  }

  @Override
  public DecodingStrategy strategy() {
    return DecodingStrategy.BEAM;
  }
}
