package org.rnnt4j.train.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.ModelWeights;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.training.CheckpointAveraging;
import org.rnnt4j.checkpoint.training.CheckpointRotation;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.optim.ExponentialMovingAverage;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * The weights a run ends with and their averaged variants: the trained ({@code raw}) weights, the
 * moving average ({@code --ema_decay}: the averaged parameters with the trained buffers) and the mean of
 * the newest checkpoints ({@code --average_checkpoints K}, icefall's averaging, buffers included). The
 * final model written to {@code output_dir} is the checkpoint average if asked for, else the moving
 * average if kept, else the trained weights; evaluation reports each ({@code eval_wer}, {@code
 * eval_wer_ema}, {@code eval_wer_averaged}). The variants are host copies.
 */
final class FinalWeights {
  private static final Logger LOG = Logger.getLogger(FinalWeights.class.getName());

  /** A variant and the suffix of its metric names. */
  enum Kind {
    RAW(""),
    EMA("_ema"),
    AVERAGED("_averaged");

    private final String suffix;

    Kind(String suffix) {
      this.suffix = suffix;
    }

    String suffix() {
      return suffix;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<Kind, TorchCheckpoint> variants;

  private FinalWeights(Map<Kind, TorchCheckpoint> variants) {
    this.variants = variants;
  }

  /**
   * @param metadata the state dict's {@code _metadata}, or null to derive it
   * @param averageCheckpoints K newest complete checkpoints of {@code outputDir} to average (0: none)
   */
  static FinalWeights capture(
      Transducer model, Map<String, Map<String, Object>> metadata, Optional<ExponentialMovingAverage> ema, Path outputDir,
      int averageCheckpoints) {
    Map<Kind, TorchCheckpoint> variants = new LinkedHashMap<>();
    TorchCheckpoint raw = ModelWeights.of(model, metadata);
    variants.put(Kind.RAW, raw);
    ema.ifPresent(e -> {
      Map<String, NamedArray> state = raw.stateDictCopy();
      e.averages().forEach((name, t) -> state.put(name, Arrays.toArray(t)));
      variants.put(Kind.EMA, new TorchCheckpoint(state, raw.metadata()));
    });
    if (averageCheckpoints > 0) {
      List<Path> newest = newestComplete(outputDir, averageCheckpoints);
      if (newest.isEmpty()) {
        LOG.warning("--average_checkpoints " + averageCheckpoints + ": no complete checkpoint in " + outputDir + " to average");
      } else {
        if (newest.size() < averageCheckpoints) {
          LOG.warning("--average_checkpoints " + averageCheckpoints + ": only " + newest.size() + " complete checkpoints to average");
        }
        LOG.info("averaging " + newest.stream().map(p -> p.getFileName().toString()).toList());
        variants.put(Kind.AVERAGED, CheckpointAveraging.averageCheckpoints(newest));
      }
    }
    return new FinalWeights(variants);
  }

  /** Up to {@code k} newest verified checkpoints, oldest first. */
  private static List<Path> newestComplete(Path outputDir, int k) {
    List<Path> all = new ArrayList<>(CheckpointRotation.list(outputDir));
    List<Path> out = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && out.size() < k; i--) {
      try {
        TrainingCheckpointReader.verify(all.get(i));
        out.add(0, all.get(i));
      } catch (FormatException e) {
        LOG.warning("not averaging " + all.get(i).getFileName() + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** The variants held, the trained weights first. */
  List<Kind> kinds() {
    return List.copyOf(variants.keySet());
  }

  /** What the final model is: the checkpoint average, else the moving average, else the trained weights. */
  Kind finalKind() {
    return variants.containsKey(Kind.AVERAGED) ? Kind.AVERAGED : variants.containsKey(Kind.EMA) ? Kind.EMA : Kind.RAW;
  }

  TorchCheckpoint weights(Kind kind) {
    return variants.get(kind);
  }

  /** Copies a variant into the model's parameters and buffers. */
  void load(Transducer model, Kind kind) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    variants.get(kind).stateDict().forEach((k, v) -> tensors.put(k, Arrays.toTensor(v)));
    model.loadStateDict(tensors, true);
  }
}
