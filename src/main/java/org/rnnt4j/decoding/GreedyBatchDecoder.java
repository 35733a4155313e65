package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.decoder.DecoderState;
import org.rnnt4j.model.decoder.Predictor;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * Batched greedy transducer decoding with NeMo's {@code greedy_batch} semantics: start from the blank
 * (zero) prediction input; at frame t take the arg-max of the joint; a blank moves to t+1, a token is
 * emitted (timestamp t) and advances the prediction network while staying on t, until
 * {@code maxSymbols} tokens were emitted on that frame. All utterances advance together; an utterance
 * whose frame is finished waits for the others.
 *
 * <p>Legend: B batch, T encoder frames, H_enc encoder hidden, J joint hidden, V vocabulary including the
 * blank (the blank is id V-1).
 */
public final class GreedyBatchDecoder {
  private final int maxSymbols;

  public GreedyBatchDecoder(int maxSymbols) {
    Checks.argument(maxSymbols >= 1, "max_symbols must be >= 1, got %s", maxSymbols);
    this.maxSymbols = maxSymbols;
  }

  /**
   * @param model in eval mode
   * @param encoded (B, H_enc, T) with lengths
   * @return one hypothesis per utterance
   */
  public List<Hypothesis> decode(Transducer model, Encoded encoded) {
    try (NoGrad ignored = new NoGrad()) {
      return run(model, encoded);
    }
  }

  private List<Hypothesis> run(Transducer model, Encoded encoded) {
    int batch = (int) encoded.values().size(0);
    long frames = encoded.values().size(2);
    long[] lengths = encoded.lengths().toLongArray();
    int blank = model.blank();
    Tensor encProjected = model.projectEncoder(encoded.values().transpose(1, 2)); // (B, T, J)
    long[] lastTokens = new long[batch];
    java.util.Arrays.fill(lastTokens, blank);
    Predictor.Step pred = model.predictStep(Tensor.ofLongs(lastTokens, batch).to(encProjected.device()), null);
    Tensor predProjected = model.projectPrediction(pred.values()).squeeze(1); // (B, J)
    DecoderState state = pred.state();
    List<List<Integer>> tokens = new ArrayList<>();
    List<List<Integer>> stamps = new ArrayList<>();
    double[] scores = new double[batch];
    for (int b = 0; b < batch; b++) {
      tokens.add(new ArrayList<>());
      stamps.add(new ArrayList<>());
    }
    for (int t = 0; t < frames; t++) {
      boolean[] frameDone = new boolean[batch];
      for (int b = 0; b < batch; b++) {
        frameDone[b] = t >= lengths[b];
      }
      Tensor f = encProjected.select(1, t); // (B, J)
      for (int symbols = 0; symbols < maxSymbols && !allTrue(frameDone); symbols++) {
        // One transfer of the small (B, V) logits; arg-max and log-softmax are done here.
        float[] logits = model.joinProjected(f, predProjected).toFloatArray(); // (B, V)
        int classes = logits.length / batch;
        long[] best = new long[batch];
        double[] bestLogProb = new double[batch];
        for (int b = 0; b < batch; b++) {
          best[b] = argmax(logits, b * classes, classes);
          bestLogProb[b] = logits[(int) (b * classes + best[b])] - logSumExp(logits, b * classes, classes);
        }
        boolean[] emit = new boolean[batch];
        boolean any = false;
        for (int b = 0; b < batch; b++) {
          if (frameDone[b]) {
            continue;
          }
          if (best[b] == blank) {
            frameDone[b] = true;
          } else {
            emit[b] = true;
            any = true;
            tokens.get(b).add((int) best[b]);
            stamps.get(b).add(t);
            scores[b] += bestLogProb[b];
            lastTokens[b] = best[b];
          }
        }
        if (!any) {
          break;
        }
        Predictor.Step next = model.predictStep(Tensor.ofLongs(lastTokens, batch).to(f.device()), state);
        Tensor emitMask = emitMask(emit).to(f.device()); // (B, 1) bool
        Tensor nextProjected = model.projectPrediction(next.values()).squeeze(1); // (B, J)
        predProjected = nextProjected.where(emitMask, predProjected);
        state = next.state().where(emitMask.view(-1), state);
      }
    }
    List<Hypothesis> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      out.add(
          new Hypothesis(
              tokens.get(b).stream().mapToInt(Integer::intValue).toArray(),
              stamps.get(b).stream().mapToInt(Integer::intValue).toArray(),
              scores[b]));
    }
    return out;
  }

  private static int argmax(float[] values, int offset, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (values[offset + i] > values[offset + best]) {
        best = i;
      }
    }
    return best;
  }

  private static double logSumExp(float[] values, int offset, int length) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      max = Math.max(max, values[offset + i]);
    }
    double sum = 0;
    for (int i = 0; i < length; i++) {
      sum += Math.exp(values[offset + i] - max);
    }
    return max + Math.log(sum);
  }

  private static Tensor emitMask(boolean[] emit) {
    float[] m = new float[emit.length];
    for (int i = 0; i < emit.length; i++) {
      m[i] = emit[i] ? 1 : 0;
    }
    return Tensor.of(m, emit.length, 1).gt(0.5);
  }

  private static boolean allTrue(boolean[] flags) {
    for (boolean f : flags) {
      if (!f) {
        return false;
      }
    }
    return true;
  }
}
