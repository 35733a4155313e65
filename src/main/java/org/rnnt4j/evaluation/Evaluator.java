package org.rnnt4j.evaluation;

import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.data.pipeline.PreparedSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import org.rnnt4j.progress.Progress;
import java.util.List;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.decoding.Decoders;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.decoding.GreedyOptions;
import org.rnnt4j.decoding.Hypotheses;
import org.rnnt4j.decoding.Hypothesis;
import org.rnnt4j.decoding.TransducerDecoder;
import org.rnnt4j.metrics.BootstrapInterval;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.Features;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.metrics.ErrorCounts;
import org.rnnt4j.metrics.ErrorRates;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.text.tokenizer.Tokenizer;

/**
 * Decodes a split in eval mode with one strategy and scores it as jiwer does (corpus-level edit counts),
 * with bootstrap confidence intervals over utterances. Batches are formed from utterances sorted by
 * length, which only saves padding: the encoders are padding-invariant in eval mode, and predictions are
 * reported in the split's order.
 */
public final class Evaluator {
  private final Transducer model;
  private final Tokenizer tokenizer;
  private final DecodingOptions decoding;
  private final TransducerDecoder decoder;
  private final boolean nbest;
  private final Device device;
  private final TransducerLoss loss;

  /** Greedy ({@code greedy_batch}) decoding, as during training; no n-best lists. */
  public Evaluator(Transducer model, Tokenizer tokenizer, int maxSymbols, Device device, TransducerLoss loss) {
    this(model, tokenizer, new GreedyOptions(DecodingStrategy.GREEDY_BATCH, maxSymbols), false, device, loss);
  }

  /**
   * @param nbest write each prediction's n-best list (what the decoder returns: one entry for greedy
   *     decoding or {@code return_best_hypothesis})
   * @param loss computes per-utterance losses when not null
   */
  public Evaluator(
      Transducer model, Tokenizer tokenizer, DecodingOptions decoding, boolean nbest, Device device, TransducerLoss loss) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.decoding = decoding;
    this.decoder = Decoders.create(decoding);
    this.nbest = nbest;
    this.device = device;
    this.loss = loss;
  }

  /** The same model, data handling and loss with another decoding (the final evaluation's). */
  public Evaluator withDecoding(DecodingOptions otherDecoding, boolean withNbest) {
    return new Evaluator(model, tokenizer, otherDecoding, withNbest, device, loss);
  }

  public DecodingOptions decoding() {
    return decoding;
  }

  public EvaluationResult evaluate(PreparedSplit split, int batchSize, BatchLoader loader) {
    boolean wasTraining = model.isTraining();
    model.train(false);
    try {
      List<Example> examples = split.examples();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingInt((Integer i) -> examples.get(i).samples()).reversed());
      List<List<Example>> batches = new ArrayList<>();
      for (int s = 0; s < order.size(); s += batchSize) {
        List<Example> b = new ArrayList<>();
        for (int i : order.subList(s, Math.min(order.size(), s + batchSize))) {
          b.add(examples.get(i));
        }
        batches.add(b);
      }
      Prediction[] byIndex = new Prediction[examples.size()];
      java.util.IdentityHashMap<Example, Integer> position = new java.util.IdentityHashMap<>();
      for (int i = 0; i < examples.size(); i++) {
        position.put(examples.get(i), i);
      }
      double lossSum = 0;
      Iterator<Batch.Host> it = loader.iterate(batches);
      long done = 0;
      try (Progress progress = Progress.start(split.name(), examples.size(), "utts", 0)) {
        while (it.hasNext()) {
          Batch.Host host = it.next();
          done += host.examples().size();
          try (TensorScope scope = new TensorScope(); NoGrad ng = new NoGrad()) {
            Batch batch = host.toDevice(device);
            Features f = model.features(batch.audio(), batch.audioLengths());
            Encoded enc = model.transcribe(f);
            double[] perUtt = null;
            if (loss != null) {
              var v = loss.compute(model.join(enc.values(), model.predict(batch.labels())), batch.labels(), enc.lengths(), batch.labelLengths());
              perUtt = v.perUtterance();
            }
            List<Hypotheses> hyps = decoder.decode(model, enc);
            for (int i = 0; i < hyps.size(); i++) {
              Example e = batch.examples().get(i);
              Hypothesis best = hyps.get(i).best();
              int[] ids = best.tokens();
              double l = perUtt == null ? Double.NaN : perUtt[i];
              if (perUtt != null) {
                lossSum += l;
              }
              boolean manifest = e.utterance().source().kind() == SourceLocation.Kind.LINE;
              String id = !manifest ? e.id()
                  : e.utterance().audio() instanceof AudioRef.FileAudio file ? file.given() : e.utterance().audio().sourceName();
              List<Prediction.Candidate> candidates = nbest ? Prediction.Candidate.of(hyps.get(i), tokenizer) : null;
              byIndex[position.get(e)] =
                  new Prediction(id, manifest, e.text(), tokenizer.decode(ids), ids, best.score(), candidates, l, null);
            }
          }
          progress.update(done, null);
        }
      }
      List<Prediction> predictions = List.of(byIndex);
      List<ErrorCounts> words = new ArrayList<>(predictions.size());
      List<ErrorCounts> chars = new ArrayList<>(predictions.size());
      for (Prediction p : predictions) {
        words.add(ErrorRates.words(p.text(), p.predText()));
        chars.add(ErrorRates.characters(p.text(), p.predText()));
      }
      double meanLoss = loss == null || predictions.isEmpty() ? Double.NaN : lossSum / predictions.size();
      return new EvaluationResult(
          split.name(), decoding, sum(words), sum(chars), BootstrapInterval.of95(words), BootstrapInterval.of95(chars),
          meanLoss, predictions);
    } finally {
      model.train(wasTraining);
    }
  }

  private static ErrorCounts sum(List<ErrorCounts> counts) {
    ErrorCounts total = ErrorCounts.ZERO;
    for (ErrorCounts c : counts) {
      total = total.plus(c);
    }
    return total;
  }
}
