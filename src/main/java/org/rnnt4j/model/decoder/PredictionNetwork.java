package org.rnnt4j.model.decoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Embedding;
import org.rnnt4j.nn.Lstm;
import org.rnnt4j.nn.Module;
import org.rnnt4j.util.Checks;

/**
 * The transducer's prediction network, NeMo's {@code RNNTDecoder} with {@code blank_as_pad: true}: an
 * embedding of V rows whose last row (the blank, id V-1) is the zero padding row, an LSTM, and dropout on
 * its output. State keys (under {@code decoder}): {@code prediction.embed.weight (V, H)},
 * {@code prediction.dec_rnn.lstm.weight_ih_l0 (4H, H)}, ... Legend: B batch, U labels, H hidden, V
 * vocabulary including the blank.
 */
public final class PredictionNetwork extends Module implements Predictor {
  private final Embedding embed;
  private final Lstm lstm;
  private final int vocabSize;
  private final double dropout;

  /**
   * @param vocabSize the tokenizer's pieces WITHOUT the blank, V-1; the blank gets id V-1 (= vocabSize)
   * @param hidden H ({@code pred_hidden})
   * @param layers {@code pred_rnn_layers}
   * @param dropout dropout on the LSTM output (and between layers)
   * @param forgetGateBias NeMo's {@code forget_gate_bias} (1.0)
   */
  public PredictionNetwork(int vocabSize, long hidden, int layers, double dropout, double forgetGateBias) {
    Checks.argument(vocabSize > 0, "vocabulary size must be > 0, got %s", vocabSize);
    this.vocabSize = vocabSize;
    this.dropout = dropout;
    Module prediction = registerModule("prediction", new Container());
    embed = ((Container) prediction).add("embed", new Embedding(vocabSize + 1, hidden, vocabSize));
    Module decRnn = ((Container) prediction).add("dec_rnn", new Container());
    lstm = ((Container) decRnn).add("lstm", new Lstm(hidden, hidden, layers, dropout, forgetGateBias));
  }

  /** A named container for NeMo's nesting ({@code prediction}, {@code dec_rnn}). */
  private static final class Container extends Module {
    <M extends Module> M add(String name, M m) {
      return registerModule(name, m);
    }
  }

  @Override
  public Module module() {
    return this;
  }

  @Override
  public int blank() {
    return vocabSize;
  }

  @Override
  public long hiddenSize() {
    return lstm.hidden();
  }

  /**
   * Runs over a whole label batch with a zero "start" step prepended (NeMo's add_sos).
   *
   * @param labels (B, U) int64, padded with any id (NeMo pads with 0)
   * @return (B, H, U+1)
   */
  @Override
  public Tensor forwardLabels(Tensor labels) {
    Tensor embedded = embed.forward(labels); // (B, U, H)
    Tensor start = Tensor.zeros(org.rnnt4j.engine.DType.FLOAT32, labels.size(0), 1, lstm.hidden()).to(labels.device());
    Tensor input = Tensor.cat(java.util.List.of(start, embedded), 1); // (B, U+1, H)
    Lstm.Output out = lstm.forward(input, null);
    return out.output().dropout(dropout, dropoutActive()).transpose(1, 2); // (B, H, U+1)
  }

  /**
   * One step for decoding: the blank id gives the zero embedding (the start input); a null state is the
   * zero LSTM state.
   *
   * @param tokens (B) int64, the last emitted token per row or the blank
   * @param state previous state, or null
   * @return values (B, 1, H) and the new state
   */
  @Override
  public Step step(Tensor tokens, DecoderState state) {
    Tensor embedded = embed.forward(tokens.unsqueeze(1)); // (B, 1, H)
    Lstm.Output out = lstm.forward(embedded, state == null ? null : ((LstmState) state).lstm());
    return new Step(out.output().dropout(dropout, dropoutActive()), new LstmState(out.state()));
  }
}
