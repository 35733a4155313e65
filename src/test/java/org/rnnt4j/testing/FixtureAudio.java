package org.rnnt4j.testing;

import java.util.List;
import org.rnnt4j.audio.AudioDecoder;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.features.Features;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.text.tokenizer.Tokenizer;

/** The two fixture utterances (src/test/resources/nemo/audio) and the transducer loss of a model on them. */
public final class FixtureAudio {
  public static final List<String> TRANSCRIPTS = List.of("good morning to you all", "speech recognition with transducers is fun");

  private FixtureAudio() {}

  public static java.nio.file.Path wav(int i) {
    return Goldens.resource("nemo/audio/utt" + i + ".wav");
  }

  /** The mean_batch loss of {@code model} (eval mode) on both utterances with their transcripts tokenised by {@code tokenizer}. */
  public static double loss(Transducer model, Tokenizer tokenizer) {
    float[] a = AudioDecoder.decodeMono(wav(0)).samples();
    float[] b = AudioDecoder.decodeMono(wav(1)).samples();
    int s = Math.max(a.length, b.length);
    float[] audio = new float[2 * s];
    System.arraycopy(a, 0, audio, 0, a.length);
    System.arraycopy(b, 0, audio, s, b.length);
    int[] t0 = tokenizer.encode(TRANSCRIPTS.get(0));
    int[] t1 = tokenizer.encode(TRANSCRIPTS.get(1));
    int u = Math.max(t0.length, t1.length);
    long[] labels = new long[2 * u];
    for (int i = 0; i < t0.length; i++) {
      labels[i] = t0[i];
    }
    for (int i = 0; i < t1.length; i++) {
      labels[u + i] = t1[i];
    }
    boolean wasTraining = model.isTraining();
    model.train(false);
    try (TransducerLoss loss = new TransducerLoss(Reduction.MEAN_BATCH, 0, -1)) {
      Features f = model.features(Tensor.of(audio, 2, s), Tensor.ofLongs(new long[] {a.length, b.length}, 2));
      Encoded enc = model.transcribe(f);
      Tensor labelTensor = Tensor.ofLongs(labels, 2, u);
      Tensor logits = model.join(enc.values(), model.predict(labelTensor));
      return loss.compute(logits, labelTensor, enc.lengths(), Tensor.ofLongs(new long[] {t0.length, t1.length}, 2)).value();
    } finally {
      model.train(wasTraining);
    }
  }
}
