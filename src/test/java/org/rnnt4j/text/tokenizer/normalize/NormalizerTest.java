package org.rnnt4j.text.tokenizer.normalize;

import org.rnnt4j.text.tokenizer.proto.NormalizationRule;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whitespace handling and charsmap rules, with expectations taken from the reference goldens'
 * behaviour.
 */
class NormalizerTest {
  private static Normalizer normalizer(NormalizerSpec spec) {
    return new Normalizer(spec, false, List.of());
  }

  @Test
  void removesExtraWhitespaceAndAddsTheDummyPrefix() {
    Normalizer n = normalizer(NormalizerSpec.of(NormalizationRule.NMT_NFKC));
    assertEquals("\u2581leading\u2581and\u2581trailing", n.normalize("  leading and   trailing  "));
    assertEquals("", n.normalize("   "));
    assertEquals("", n.normalize(""));
  }

  @Test
  void keepsEveryWhitespaceWhenRemovalIsOff() {
    Normalizer n =
        normalizer(NormalizerSpec.of(NormalizationRule.NMT_NFKC).withRemoveExtraWhitespaces(false));
    assertEquals("\u2581\u2581\u2581a\u2581\u2581b\u2581", n.normalize("  a  b "));
  }

  @Test
  void appliesTheNfkcAndCaseFoldingMaps() {
    Normalizer cf = normalizer(NormalizerSpec.of(NormalizationRule.NMT_NFKC_CF));
    assertEquals("\u2581ångström\u2581straße", cf.normalize("ÅNGSTRÖM Straße"));
    assertEquals("\u2581abc123", cf.normalize("ＡＢＣ１２３"));
    assertEquals("\u2581fi\u2581ligature", cf.normalize("ﬁ ligature"));
    assertEquals("\u2581tab\u2581separated", cf.normalize("tab\tseparated"));
    assertEquals("\u2581nbsp", cf.normalize("\u00a0nbsp\u00a0"));
    Normalizer nfkc = normalizer(NormalizerSpec.of(NormalizationRule.NMT_NFKC));
    assertEquals("\u2581Mixed\u2581CASE", nfkc.normalize("Mixed CASE"));
  }

  @Test
  void identityRuleOnlyHandlesWhitespace() {
    Normalizer n = normalizer(NormalizerSpec.of(NormalizationRule.IDENTITY));
    assertEquals("\u2581ＡＢＣ\u2581ﬁ", n.normalize(" ＡＢＣ ﬁ"));
  }

  @Test
  void switchesOffEscapingAndDummyPrefix() {
    NormalizerSpec spec =
        NormalizerSpec.of(NormalizationRule.NMT_NFKC)
            .withEscapeWhitespaces(false)
            .withAddDummyPrefix(false);
    assertEquals("a b", normalizer(spec).normalize("  a   b "));
  }

  @Test
  void whitespaceAsSuffixPutsTheDummySpaceAtTheEnd() {
    Normalizer n = new Normalizer(NormalizerSpec.of(NormalizationRule.NMT_NFKC), true, List.of());
    assertEquals("a\u2581b\u2581", n.normalize("a b"));
  }

  @Test
  void userDefinedSymbolsPassThroughUnmapped() {
    Normalizer n =
        new Normalizer(NormalizerSpec.of(NormalizationRule.NMT_NFKC_CF), false, List.of("<NOISE>"));
    assertEquals("\u2581a<NOISE>b", n.normalize("A<NOISE>B"));
  }

  @Test
  void malformedUtf8BytesBecomeReplacementCharacters() {
    Normalizer n = normalizer(NormalizerSpec.of(NormalizationRule.IDENTITY));
    assertEquals(
        "\u2581a\uFFFD\uFFFDb", n.normalize(new byte[] {'a', (byte) 0xE6, (byte) 0x97, 'b'}));
  }
}
