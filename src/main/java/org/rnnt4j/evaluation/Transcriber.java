package org.rnnt4j.evaluation;

import org.rnnt4j.loading.LoadedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.audio.AudioDecoder;
import org.rnnt4j.audio.Resampler;
import org.rnnt4j.decoding.Decoders;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.decoding.GreedyOptions;
import org.rnnt4j.decoding.Hypotheses;
import org.rnnt4j.decoding.TransducerDecoder;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.Features;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * {@code rnnt4j transcribe}: audio files to text with a loaded model, in eval mode, with one decoding
 * strategy ({@code greedy_batch} unless given).
 * Each file is decoded, down-mixed and resampled to the model's rate; files are batched in the given
 * order (the encoders are padding-invariant in eval mode, so batching does not change the text).
 */
public final class Transcriber {
  private final Transducer model;
  private final Tokenizer tokenizer;
  private final TransducerDecoder decoder;
  private final Device device;
  private final int batchSize;

  /** Greedy ({@code greedy_batch}) decoding with the model config's {@code max_symbols}. */
  public Transcriber(LoadedModel loaded, Device device, int batchSize) {
    this(loaded, new GreedyOptions(DecodingStrategy.GREEDY_BATCH, loaded.config().maxSymbols()), device, batchSize);
  }

  /** @param loaded moved to {@code device} and put in eval mode */
  public Transcriber(LoadedModel loaded, DecodingOptions decoding, Device device, int batchSize) {
    Checks.argument(batchSize > 0, "batch size must be > 0, got %s", batchSize);
    this.model = loaded.model();
    this.tokenizer = loaded.tokenizer();
    this.decoder = Decoders.create(decoding);
    this.device = device;
    this.batchSize = batchSize;
    model.to(device);
    model.train(false);
  }

  /** @return one transcript per file, in the order given */
  public List<String> transcribe(List<Path> files) {
    List<String> out = new ArrayList<>(files.size());
    for (Hypotheses h : decode(files)) {
      out.add(tokenizer.decode(h.best().tokens()));
    }
    return out;
  }

  /** @return each file's hypotheses (best first, with token frames), in the order given */
  public List<Hypotheses> decode(List<Path> files) {
    List<Hypotheses> out = new ArrayList<>(files.size());
    for (int start = 0; start < files.size(); start += batchSize) {
      out.addAll(decodeBatch(files.subList(start, Math.min(files.size(), start + batchSize))));
    }
    return out;
  }

  private List<Hypotheses> decodeBatch(List<Path> files) {
    List<float[]> waves = new ArrayList<>();
    int maxS = 1;
    for (Path f : files) {
      float[] w = Resampler.resample(AudioDecoder.decodeMono(f), model.sampleRate()).samples();
      if (w.length == 0) {
        throw new DataException(f, "audio has no samples");
      }
      waves.add(w);
      maxS = Math.max(maxS, w.length);
    }
    int b = waves.size();
    float[] audio = new float[b * maxS];
    long[] lengths = new long[b];
    for (int i = 0; i < b; i++) {
      System.arraycopy(waves.get(i), 0, audio, i * maxS, waves.get(i).length);
      lengths[i] = waves.get(i).length;
    }
    try (TensorScope scope = new TensorScope(); NoGrad ng = new NoGrad()) {
      Tensor x = Tensor.of(audio, b, maxS).to(device); // (B, S)
      Features f = model.features(x, Tensor.ofLongs(lengths, b).to(device)); // (B, D, T_feat)
      Encoded enc = model.transcribe(f); // (B, H, T)
      return decoder.decode(model, enc);
    }
  }
}
