package org.rnnt4j.checkpoint.training;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnnt4j.checkpoint.ModelWeights;
import org.rnnt4j.checkpoint.TokenizerFiles;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Generators;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.LinearSchedule;

/**
 * A {@link TrainingState} of a real model after real optimizer steps: the dummy ContextNet (conf/) with
 * the 128-piece test tokenizer, AdamW after 3 updates of the encoder's parameters alone and 2 of all
 * parameters, so encoder parameters have taken 5 steps and the others 2.
 */
final class TrainedStates {
  static final int ENCODER_STEPS = 5;
  static final int OTHER_STEPS = 2;

  final Transducer model;
  final AdamW optimizer;
  final TrainingState state;

  private TrainedStates(Transducer model, AdamW optimizer, TrainingState state) {
    this.model = model;
    this.optimizer = optimizer;
    this.state = state;
  }

  static TrainedStates build(long seed) {
    System.out.println("seed " + seed);
    Engine.seed(seed);
    ConfigNode conf = ConfigNode.load(Path.of("conf/contextnet_rnnt_dummy.yaml")).modelSection();
    TokenizerFiles tokenizer = TokenizerFiles.read(Path.of("src/test/resources/nemo/tokenizer_spe_bpe_v128"));
    Transducer model = Transducers.build(TransducerConfigBinder.bind(conf), tokenizer.tokenizer().vocabSize(), seed);
    Map<String, Tensor> params = model.namedParameters();
    Set<String> decayed = new HashSet<>();
    params.keySet().stream().filter(n -> !n.endsWith("bias")).forEach(decayed::add);
    AdamW optimizer = new AdamW(params, decayed, 0.9, 0.98, 1e-9, 0.01);
    List<Tensor> encoder = new ArrayList<>();
    params.forEach((name, p) -> {
      if (name.startsWith("encoder.")) {
        encoder.add(p);
      }
    });
    for (int step = 0; step < ENCODER_STEPS; step++) {
      List<Tensor> trained = step < ENCODER_STEPS - OTHER_STEPS ? encoder : List.copyOf(params.values());
      Tensor loss = Tensor.scalar(0f);
      for (Tensor p : trained) {
        loss = loss.add(p.square().sum().mul(0.5)).add(p.sum());
      }
      loss.backward();
      optimizer.step(1e-3);
      optimizer.zeroGrad();
    }
    Tensor.randn(7); // generators away from their seeded state
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("loss", 12.3456);
    entry.put("grad_norm", 0.75);
    entry.put("learning_rate", 5.0e-4);
    entry.put("epoch", 1.25);
    entry.put("step", 5L);
    Map<String, Object> eval = new LinkedHashMap<>(Map.of("eval_wer", 0.5, "eval_loss", 3.0, "epoch", 1.25, "step", 5));
    HfTrainerState trainer = HfTrainerState.of(1.25, 5, 10, List.of(entry, eval), 1, 5, 5, 3.0, 4);
    TrainingState state =
        new TrainingState(
            ModelSnapshot.of(ModelWeights.of(model, null), conf, tokenizer, Map.of("rnnt4j", "test", "seed", seed)),
            OptimizerState.of(optimizer),
            new ScheduleState(new LinearSchedule(1e-3, 2, 10), 5),
            new RngState(new SamplerPosition(seed, 1, 6, 14), Generators.capture()),
            trainer,
            Map.of(
                "loss_scaler",
                new CheckpointSection(
                    "loss_scaler",
                    Map.of("scaler.json", "{\"scale\": 65536.0}".getBytes(StandardCharsets.UTF_8),
                        "scaler/history.bin", new byte[] {1, 2, 3, 0, -1}))));
    return new TrainedStates(model, optimizer, state);
  }
}
