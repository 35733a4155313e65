package org.rnnt4j.loading;

import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.text.tokenizer.Tokenizer;

/**
 * A saved model turned into a network: what was read ({@link SavedModel}: config, weights, tokenizer
 * files), the bound architecture and the {@link Transducer} holding the weights (on the CPU, in
 * training mode as built).
 */
public record LoadedModel(SavedModel saved, TransducerConfig config, Transducer model, Tokenizer tokenizer) {}
