package org.rnnt4j.decoding;

import java.util.List;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;

/**
 * A decoding strategy bound to its settings ({@link Decoders#create}): encoder output in, token ids out,
 * computed on the model's device through the {@link Transducer}'s decoding verbs only. Legend: B batch,
 * H_enc encoder hidden, T frames.
 */
public interface TransducerDecoder {
  /**
   * @param model in eval mode
   * @param encoded (B, H_enc, T) with lengths (B)
   * @return per utterance, in batch order, its hypotheses, best first
   */
  List<Hypotheses> decode(Transducer model, Encoded encoded);
}
