package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.optim.ConstantSchedule;
import org.rnnt4j.optim.CosineAnnealing;
import org.rnnt4j.optim.NoamAnnealing;
import org.rnnt4j.optim.OptimizerType;
import org.rnnt4j.util.ConfigException;

/** --optim_from_config reads NeMo's optim sections of the bundled confs as NeMo's setup_optimization does. */
class OptimizerSetupTest {
  private static ConfigNode optim(String conf) {
    return ConfigNode.load(Path.of(conf)).modelSection().child("optim");
  }

  @Test
  void conformerSmallIsAdamwWithNoam() {
    OptimizerSetup s = OptimizerSetup.fromNemoConfig(optim("conf/conformer_transducer_bpe_small.yaml"));
    assertEquals(OptimizerType.ADAMW, s.type());
    assertEquals(0.9, s.beta1());
    assertEquals(0.98, s.beta2());
    assertEquals(0.0, s.weightDecay());
    assertEquals(1e-8, s.eps());
    // d_model: ${model.encoder.d_model}, 176 in the small conf
    assertEquals(new NoamAnnealing(5.0, 176, 10_000, 1e-6), s.schedule().apply(400_000));
  }

  @Test
  void fastConformerSmallIsCosineAnnealingOverTheRun() {
    OptimizerSetup s = OptimizerSetup.fromNemoConfig(optim("conf/fastconformer_transducer_bpe_small.yaml"));
    assertEquals(new CosineAnnealing(5e-3, 15_000, 400_000, 5e-4), s.schedule().apply(400_000));
  }

  @Test
  void warmupRatioIsTruncatedAsNeMoDoesAndNoSchedIsConstant() {
    ConfigNode base = optim("conf/fastconformer_transducer_bpe_small.yaml");
    ConfigNode ratio = base.withOverride("sched.warmup_steps", null).withOverride("sched.warmup_ratio", 0.05);
    assertEquals(new CosineAnnealing(5e-3, 49, 999, 5e-4), OptimizerSetup.fromNemoConfig(ratio).schedule().apply(999));
    ConfigNode noSched = base.withOverride("sched", null).withOverride("name", "adam");
    OptimizerSetup s = OptimizerSetup.fromNemoConfig(noSched);
    assertEquals(OptimizerType.ADAM, s.type());
    assertEquals(new ConstantSchedule(5e-3), s.schedule().apply(10));
  }

  @Test
  void unsupportedOptimizersAndSchedulesNameTheKey() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> OptimizerSetup.fromNemoConfig(optim("conf/contextnet_rnnt_tiny.yaml")));
    assertTrue(e.getMessage().contains("optim.name") && e.getMessage().contains("novograd") && e.getMessage().contains("adamw"), e.getMessage());
    ConfigNode bad = optim("conf/conformer_transducer_bpe_small.yaml").withOverride("sched.name", "WarmupHoldPolicy");
    e = assertThrows(ConfigException.class, () -> OptimizerSetup.fromNemoConfig(bad));
    assertTrue(e.getMessage().contains("sched.name") && e.getMessage().contains("NoamAnnealing"), e.getMessage());
    ConfigNode both = optim("conf/conformer_transducer_bpe_small.yaml").withOverride("sched.warmup_ratio", 0.1);
    e = assertThrows(ConfigException.class, () -> OptimizerSetup.fromNemoConfig(both));
    assertTrue(e.getMessage().contains("not both"), e.getMessage());
  }

  @Test
  void argumentsGiveHfsSchedule() {
    TrainingArguments a = TrainingArguments.builder(Path.of("o")).learningRate(1e-3).warmupRatio(0.1).build();
    assertEquals(new org.rnnt4j.optim.LinearSchedule(1e-3, 10, 100), OptimizerSetup.fromArguments(a).schedule().apply(100));
    assertEquals(Map.of(), a.schedule().lrSchedulerKwargs());
  }
}
