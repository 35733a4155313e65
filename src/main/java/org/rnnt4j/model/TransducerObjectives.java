package org.rnnt4j.model;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.joint.SimpleJoiner;

/** Builds the {@link TransducerObjective} that {@link ObjectiveOptions} ask for. */
public final class TransducerObjectives {
  private TransducerObjectives() {}

  /**
   * @param options loss kind, fused sub-batch, pruning settings, loss backend
   * @param model the transducer being trained, already on its device (a pruned objective's simple
   *     joiner is created there)
   * @param lossConfig the conf's {@code loss} section and {@code rnnt_reduction}
   */
  public static TransducerObjective create(
      ObjectiveOptions options, Transducer model, TransducerConfig.LossConfig lossConfig) {
    TransducerLoss loss =
        new TransducerLoss(
            lossConfig.reduction(), lossConfig.fastemitLambda(), lossConfig.clamp(), options.lossBackend());
    return switch (options.loss()) {
      case EXACT ->
          options.fusedBatchSize() > 0
              ? new FusedBatchObjective(model.joint(), loss, options.fusedBatchSize())
              : new ExactObjective(model.joint(), loss);
      case PRUNED -> {
        SimpleJoiner simple =
            new SimpleJoiner(
                model.encoder().hiddenSize(), model.decoder().hiddenSize(),
                model.joint().numClassesWithBlank());
        Tensor anyParameter = model.parameters().get(0);
        simple.to(anyParameter.device());
        yield new PrunedObjective(model.joint(), simple, loss, options.pruning());
      }
    };
  }
}
