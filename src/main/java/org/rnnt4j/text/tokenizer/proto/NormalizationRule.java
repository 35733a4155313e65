package org.rnnt4j.text.tokenizer.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * SentencePiece's built-in normalisation rules ({@code --normalization_rule_name}), each with the
 * precompiled character map {@code spm_train} embeds in the model.
 *
 * <p>The maps are not rebuilt from Unicode tables: they are the exact bytes SentencePiece 0.1.97
 * wrote into {@code normalizer_spec.precompiled_charsmap}, extracted from the reference fixture
 * models ({@code nmt_nfkc} from {@code bpe_v128.model}, {@code nmt_nfkc_cf} from {@code
 * bpe_v512_lower_bytefallback.model}), so training normalises exactly as the reference does.
 */
public enum NormalizationRule {
  /** NFKC plus SentencePiece's NMT extras (control characters removed, odd spaces to ' '). */
  NMT_NFKC("nmt_nfkc", "nmt_nfkc.charsmap"),
  /**
   * {@link #NMT_NFKC} followed by Unicode case folding (lower-casing); NeMo's rule when lower_case.
   */
  NMT_NFKC_CF("nmt_nfkc_cf", "nmt_nfkc_cf.charsmap"),
  /** No character mapping; only the whitespace switches apply. */
  IDENTITY("identity", null);

  private final String ruleName;
  private final String resource;
  private volatile byte[] charsmap;

  NormalizationRule(String ruleName, String resource) {
    this.ruleName = ruleName;
    this.resource = resource;
  }

  /** The name stored in {@code normalizer_spec.name}. */
  public String ruleName() {
    return ruleName;
  }

  /** A copy of the precompiled map's bytes (empty for {@link #IDENTITY}). */
  public byte[] charsmap() {
    if (resource == null) {
      return new byte[0];
    }
    byte[] bytes = charsmap;
    if (bytes == null) {
      try (InputStream in = NormalizationRule.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "missing class-path resource "
                  + resource
                  + " next to "
                  + NormalizationRule.class.getName());
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource " + resource, e);
      }
      charsmap = bytes;
    }
    return bytes.clone();
  }
}
