package org.rnnt4j.bench;

import java.util.Arrays;
import java.util.List;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.decoding.Decoders;
import org.rnnt4j.decoding.Hypotheses;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;

/**
 * Makes a randomly initialised transducer emit like a trained one: random weights put a token on
 * almost every frame (greedy decoding then runs max_symbols steps per frame, which no real model does),
 * so the joint's output bias of the blank is raised until greedy decoding emits about the target number
 * of tokens per frame. First guess: on every valid frame, the margin of the best token over the blank
 * under the start prediction; the bias that lets the target fraction of frames emit is that quantile.
 * Then a short bisection around it on greedy decoding's real rate.
 */
final class BlankBias {
  private static final int REFINE_STEPS = 10;

  private BlankBias() {}

  /** Sets the blank's output bias and returns it. */
  static double calibrate(Transducer model, Encoded encoded, double targetSymbolsPerFrame) {
    double guess = startMarginQuantile(model, encoded, targetSymbolsPerFrame);
    double low = guess - 2;
    double high = guess + 2;
    for (int i = 0; i < REFINE_STEPS; i++) {
      double mid = (low + high) / 2;
      set(model, mid);
      if (symbolsPerFrame(model, encoded, greedy(model, encoded)) > targetSymbolsPerFrame) {
        low = mid;
      } else {
        high = mid;
      }
    }
    double bias = (low + high) / 2;
    set(model, bias);
    return bias;
  }

  /** Emitted tokens (best hypotheses) per valid encoder frame. */
  static double symbolsPerFrame(Transducer model, Encoded encoded, List<Hypotheses> decoded) {
    long tokens = 0;
    for (Hypotheses h : decoded) {
      tokens += h.best().tokens().length;
    }
    long frames = 0;
    for (long l : encoded.lengths().toLongArray()) {
      frames += l;
    }
    return (double) tokens / frames;
  }

  /** The (1 - target) quantile over valid frames of (best token logit - blank logit), bias 0, start prediction. */
  private static double startMarginQuantile(Transducer model, Encoded encoded, double target) {
    set(model, 0);
    try (NoGrad ignored = new NoGrad();
        TensorScope scope = new TensorScope()) {
      int batch = (int) encoded.values().size(0);
      Tensor frames = model.projectEncoder(encoded.values().transpose(1, 2)); // (B, T, J)
      long[] start = new long[batch];
      Arrays.fill(start, model.blank());
      Tensor pred = model.projectPrediction(
          model.predictStep(Tensor.ofLongs(start, batch).to(frames.device()), null).values()); // (B, 1, J)
      Tensor logits = model.joinProjected(frames, pred); // (B, T, V)
      int vocab = model.vocabSize();
      float[] margin =
          logits.narrow(2, 0, vocab).maxValues(2, false).sub(logits.select(2, vocab)).to(DType.FLOAT32).toFloatArray();
      long[] lengths = encoded.lengths().toLongArray();
      long frameCount = encoded.values().size(2);
      double[] valid = new double[(int) Arrays.stream(lengths).sum()];
      int n = 0;
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < lengths[b]; t++) {
          valid[n++] = margin[(int) (b * frameCount + t)];
        }
      }
      Arrays.sort(valid);
      return valid[(int) Math.min(valid.length - 1, Math.floor((1 - target) * valid.length))];
    }
  }

  private static List<Hypotheses> greedy(Transducer model, Encoded encoded) {
    return Decoders.create(DecodingOptions.defaults(DecodingStrategy.GREEDY_BATCH)).decode(model, encoded);
  }

  private static void set(Transducer model, double bias) {
    String name =
        model.stateDict().keySet().stream()
            .filter(k -> k.startsWith("joint.joint_net.") && k.endsWith(".bias"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the joint has no output bias"));
    try (NoGrad ignored = new NoGrad()) {
      model.stateDict().get(name).narrow(0, model.blank(), 1).fill(bias);
    }
  }
}
