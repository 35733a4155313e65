package org.rnnt4j.train;

import java.nio.file.Path;

/** Small, explicit training arguments for tests. */
final class TrainerFixtures {
  private TrainerFixtures() {}

  static TrainingArguments arguments(Path outputDir) {
    return TrainingArguments.builder(outputDir)
        .overwriteOutputDir(true)
        .doTrain(true)
        .numTrainEpochs(1.0)
        .perDeviceTrainBatchSize(2)
        .perDeviceEvalBatchSize(2)
        .learningRate(1e-3)
        .loggingSteps(10)
        .evaluationStrategy(IntervalStrategy.NO)
        .saveStrategy(IntervalStrategy.NO)
        .saveSteps(10)
        .dataloaderNumWorkers(0)
        .build();
  }
}
