package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.proto.ProtoFields;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PieceValidatorTest {
  private static boolean valid(PieceValidator v, String piece) {
    return v.isValid(piece.codePoints().toArray());
  }

  @Test
  void spaceOnlyAtTheStartAndOneScriptPerPiece() {
    PieceValidator v = new PieceValidator(TrainerSpec.defaults());
    assertTrue(valid(v, "\u2581the"));
    assertFalse(valid(v, "the\u2581"));
    assertFalse(valid(v, "'s"), "apostrophe is Common, s is Latin");
    assertFalse(valid(v, "a1"), "digits are Common");
    assertTrue(valid(v, "\u65e5\u672c"));
    assertTrue(valid(v, "\u30ab\u30bf\u6f22"), "katakana counts as Han");
    assertTrue(valid(v, "e\u0301t"), "a combining mark takes the script before it");
    assertFalse(valid(v, "a\u2585"), "the unknown marker never joins a piece");
    assertFalse(valid(v, "a\tb"));
    assertFalse(valid(v, "a".repeat(17)), "longer than max_sentencepiece_length 16");
  }

  @Test
  void numberAndDigitSwitches() {
    PieceValidator noNumberSplit =
        new PieceValidator(
            new TrainerSpec(ProtoFields.empty().withBool(TrainerSpec.SPLIT_BY_NUMBER, false)));
    assertTrue(valid(noNumberSplit, "a1"));
    PieceValidator digits = new PieceValidator(TrainerSpec.defaults().withSplitDigits(true));
    assertFalse(valid(digits, "12"));
    assertTrue(valid(digits, "1"));
    PieceValidator anyScript =
        new PieceValidator(TrainerSpec.defaults().withSplitByUnicodeScript(false));
    assertTrue(valid(anyScript, "'s"));
  }
}
