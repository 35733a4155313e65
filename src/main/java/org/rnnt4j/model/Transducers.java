package org.rnnt4j.model;

import org.rnnt4j.features.Preprocessor;
import org.rnnt4j.features.SpecAugment;
import org.rnnt4j.model.decoder.PredictionNetwork;
import org.rnnt4j.model.encoder.Encoder;
import org.rnnt4j.model.joint.JointNetwork;

/** Builds a {@link Transducer} from a {@link TransducerConfig} and the tokenizer's vocabulary size. */
public final class Transducers {
  private Transducers() {}

  /**
   * @param vocabSize the tokenizer's pieces, without the blank: V-1 (the blank is added as id V-1, so the
   *     joint has V outputs)
   * @param seed seeds SpecAugment's generator (parameters use libtorch's seeded generator)
   */
  public static Transducer build(TransducerConfig config, int vocabSize, long seed) {
    Encoder encoder = config.encoder().build();
    PredictionNetwork decoder =
        new PredictionNetwork(
            vocabSize, config.decoder().predHidden(), config.decoder().layers(),
            config.decoder().dropout(), config.decoder().forgetGateBias());
    JointNetwork joint =
        new JointNetwork(
            encoder.hiddenSize(), config.decoder().predHidden(), config.joint().jointHidden(),
            vocabSize + 1, config.joint().dropout());
    return new Transducer(
        new Preprocessor(config.preprocessor()),
        new SpecAugment(config.specAugment(), seed),
        encoder,
        decoder,
        joint);
  }
}
