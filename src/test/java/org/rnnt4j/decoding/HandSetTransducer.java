package org.rnnt4j.decoding;

import java.util.Map;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.testing.Goldens;

/**
 * A real {@link Transducer} (the fixture ContextNet's sizes: prediction LSTM 64, joint 64, encoder 64)
 * with V = 3 tokens and hand-set prediction and joint weights, so that on every frame the joint's
 * distribution is a given table {@code p[last][c]} of the last emitted token ({@code last} = 3 before
 * any token) and the class c (blank = 3):
 *
 * <ul>
 *   <li>embedding row k = e_k (the blank row stays 0); the LSTM's input gate and output gate are
 *       saturated open (bias +30), its forget gate shut (bias -30), its cell input is the embedding,
 *       so h = tanh(tanh(1)) e_k after token k and 0 at the start: the output depends on the last token
 *       only (within 1e-13);
 *   <li>{@code joint.pred} maps h to {@code log p[last] + 10} on hidden units 0..3, {@code joint.enc} is
 *       zero (frames do not matter), ReLU passes the positive units, and the output layer subtracts 10,
 *       so the logits are {@code log p[last]} and their log-softmax is {@code log p[last]} again.
 * </ul>
 */
final class HandSetTransducer {
  static final int VOCAB = 3;
  static final int BLANK = 3;
  private static final double OFFSET = 10;

  private HandSetTransducer() {}

  /** @param p p[last][c] for last in 0..3 (3 = start) and c in 0..3 (3 = blank); rows sum to 1 */
  static Transducer build(double[][] p) {
    try (NoGrad ignored = new NoGrad()) {
      return buildWithoutGradients(p);
    }
  }

  private static Transducer buildWithoutGradients(double[][] p) {
    ConfigNode config =
        ConfigNode.load(Goldens.resource("config/contextnet_tiny.model_config.yaml")).modelSection().withOverride("spec_augment", null);
    Transducer model = Transducers.build(TransducerConfigBinder.bind(config), VOCAB, 0);
    model.train(false);
    Map<String, Tensor> params = model.stateDict();
    int h = (int) params.get("decoder.prediction.embed.weight").size(1);
    int j = (int) params.get("joint.pred.weight").size(0);
    float[] embed = new float[(VOCAB + 1) * h];
    for (int k = 0; k < VOCAB; k++) {
      embed[k * h + k] = 1;
    }
    set(params, "decoder.prediction.embed.weight", embed);
    float[] wih = new float[4 * h * h];
    for (int k = 0; k < VOCAB; k++) {
      wih[(2 * h + k) * h + k] = 1; // cell input g = tanh(x)
    }
    set(params, "decoder.prediction.dec_rnn.lstm.weight_ih_l0", wih);
    set(params, "decoder.prediction.dec_rnn.lstm.weight_hh_l0", new float[4 * h * h]);
    float[] bih = new float[4 * h];
    for (int i = 0; i < h; i++) {
      bih[i] = 30; // input gate open
      bih[h + i] = -30; // forget gate shut
      bih[3 * h + i] = 30; // output gate open
    }
    set(params, "decoder.prediction.dec_rnn.lstm.bias_ih_l0", bih);
    set(params, "decoder.prediction.dec_rnn.lstm.bias_hh_l0", new float[4 * h]);
    double kappa = Math.tanh(Math.tanh(1.0));
    float[] wPred = new float[j * h];
    float[] bPred = new float[j];
    for (int c = 0; c <= BLANK; c++) {
      bPred[c] = (float) (Math.log(p[BLANK][c]) + OFFSET);
      for (int k = 0; k < VOCAB; k++) {
        wPred[c * h + k] = (float) ((Math.log(p[k][c]) - Math.log(p[BLANK][c])) / kappa);
      }
    }
    set(params, "joint.pred.weight", wPred);
    set(params, "joint.pred.bias", bPred);
    set(params, "joint.enc.weight", new float[(int) params.get("joint.enc.weight").numel()]);
    set(params, "joint.enc.bias", new float[j]);
    String out = params.keySet().stream().filter(k -> k.startsWith("joint.joint_net.") && k.endsWith(".weight")).findFirst().orElseThrow();
    float[] wOut = new float[(BLANK + 1) * j];
    float[] bOut = new float[BLANK + 1];
    for (int c = 0; c <= BLANK; c++) {
      wOut[c * j + c] = 1;
      bOut[c] = (float) -OFFSET;
    }
    set(params, out, wOut);
    set(params, out.replace(".weight", ".bias"), bOut);
    return model;
  }

  /** {@code frames} encoder frames (their values do not matter) for one utterance, or several of the given lengths. */
  static Encoded frames(int... lengths) {
    int max = 0;
    long[] l = new long[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      max = Math.max(max, lengths[i]);
      l[i] = lengths[i];
    }
    return new Encoded(Tensor.zeros(DType.FLOAT32, lengths.length, 64, max), Tensor.ofLongs(l, lengths.length));
  }

  private static void set(Map<String, Tensor> params, String name, float[] values) {
    Tensor p = params.get(name);
    p.copyFrom(Tensor.of(values, p.shape()));
  }
}
