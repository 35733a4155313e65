package org.rnnt4j.text.tokenizer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {
  @Test
  void rejectsValuesSpmTrainRejects() {
    assertMessage(() -> TrainOptions.defaults(0), "vocabSize must be positive, got 0");
    assertMessage(() -> TrainOptions.defaults(128).withCharacterCoverage(0.5f), "got 0.5");
    assertMessage(() -> TrainOptions.defaults(128).withMaxSentencepieceLength(0), "got 0");
  }

  @Test
  void nemoDefaultsGiveNemosFlags() {
    SpmTrainFlags flags =
        TrainOptions.defaults(1024).toSpmFlags(List.of("document.txt"), "out/tokenizer");
    SpmTrainFlags nemo =
        SpmTrainFlags.parse(
            "--input=document.txt --model_prefix=out/tokenizer --vocab_size=1024"
                + " --shuffle_input_sentence=true --hard_vocab_limit=false --model_type=bpe"
                + " --character_coverage=1.0 --bos_id=-1 --eos_id=-1"
                + " --normalization_rule_name=nmt_nfkc_cf --remove_extra_whitespaces=false");
    assertEquals(nemo, flags);
    assertEquals("tokenizer_spe_bpe_v1024", TrainOptions.defaults(1024).directoryName());
  }

  @Test
  void unknownSpmFlagIsRejected() {
    assertMessage(
        () -> SpmTrainFlags.parse("--vocab_size=8 --model_typo=bpe"),
        "unsupported spm_train flag --model_typo");
    assertMessage(
        () -> SpmTrainFlags.parse("--vocab_size=many"), "--vocab_size=many is not an integer");
  }

  private static void assertMessage(Runnable r, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
