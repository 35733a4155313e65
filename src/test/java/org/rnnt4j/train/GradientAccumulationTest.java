package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.ExactObjective;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.nn.BatchNorm1d;
import org.rnnt4j.nn.Module;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.LossScaler;

/**
 * Gradient accumulation of k = 2 batches of 2 equals one batch of 4 (max relative difference 1e-5), on
 * the tiny ContextNet with everything that makes a training batch depend on its neighbours switched off:
 * BatchNorm in eval mode (in training mode it normalises by the batch's statistics, as in PyTorch),
 * dropout, dither and SpecAugment off, and utterances of equal length (padding changes the STFT's edge
 * frames). The gradients are read from AdamW's first moment with beta1 = 0 (m = g) after an update at
 * learning rate 0. Seed 31.
 */
class GradientAccumulationTest {
  private static final long SEED = 31;

  private static Transducer model() {
    Engine.seed(SEED);
    ConfigNode conf = ConfigNode.load(Path.of("conf/contextnet_rnnt_tiny.yaml")).modelSection();
    Transducer model = Transducers.build(TransducerConfigBinder.bind(conf), 32, SEED);
    model.train(true);
    model.disableDropout(true);
    model.preprocessor().train(false); // no dither
    model.specAugment().train(false);
    evalBatchNorms(model);
    return model;
  }

  private static void evalBatchNorms(Module m) {
    if (m instanceof BatchNorm1d) {
      m.train(false);
    }
    m.children().values().forEach(GradientAccumulationTest::evalBatchNorms);
  }

  private record Update(UpdateStep.Result result, Map<String, AdamW.Moments> moments) {}

  private static Update update(List<List<Example>> batches) {
    Transducer model = model();
    try (ExactObjective loss = new ExactObjective(model.joint(), new TransducerLoss(Reduction.MEAN_BATCH, 0, -1))) {
      AdamW optimizer = new AdamW(model.namedParameters(), Set.of(), 0.0, 0.999, 1e-8, 0.0);
      UpdateStep step = new UpdateStep(model, loss, Device.CPU, optimizer, model.parameters(), 0, LossScaler.NONE, null);
      for (List<Example> b : batches) {
        step.accumulate(SyntheticBatches.collate(b), 0);
      }
      return new Update(step.finish(0.0), optimizer.moments());
    }
  }

  @Test
  void twoBatchesOfTwoEqualOneBatchOfFour() {
    System.out.println("seed " + SEED);
    List<Example> examples = SyntheticBatches.examples(new Random(SEED), 4, 12000, 32);
    Update accumulated = update(List.of(examples.subList(0, 2), examples.subList(2, 4)));
    Update whole = update(List.of(examples));
    assertFalse(accumulated.result().bad() || whole.result().bad());
    assertEquals(whole.result().loss(), accumulated.result().loss(), 1e-5 * whole.result().loss());
    assertEquals(whole.result().gradNorm(), accumulated.result().gradNorm(), 1e-5 * whole.result().gradNorm());
    assertEquals(whole.moments().keySet(), accumulated.moments().keySet());
    double worst = 0;
    for (String name : whole.moments().keySet()) {
      Tensor a = accumulated.moments().get(name).expAvg();
      Tensor b = whole.moments().get(name).expAvg();
      double scale = b.abs().max().item();
      double diff = a.sub(b).abs().max().item();
      worst = Math.max(worst, scale == 0 ? diff : diff / scale);
    }
    System.out.println("max relative gradient difference " + worst);
    assertTrue(worst < 1e-5, "accumulated and whole-batch gradients differ by " + worst);
  }
}
