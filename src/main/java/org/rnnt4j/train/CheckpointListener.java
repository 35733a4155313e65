package org.rnnt4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.ModelWeights;
import org.rnnt4j.checkpoint.TokenizerFiles;
import org.rnnt4j.checkpoint.training.CheckpointRotation;
import org.rnnt4j.checkpoint.training.HfTrainerState;
import org.rnnt4j.checkpoint.training.ModelSnapshot;
import org.rnnt4j.checkpoint.training.OptimizerState;
import org.rnnt4j.checkpoint.training.RngState;
import org.rnnt4j.checkpoint.training.ScheduleState;
import org.rnnt4j.checkpoint.training.TrainingCheckpointWriter;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Generators;
import org.rnnt4j.model.Transducer;

/**
 * Writes {@code output_dir/checkpoint-<global step>/} at each save point, as Hugging Face's Trainer does
 * with {@code save_strategy}: a {@link TrainingState} built from the loop's state (model, optimizer,
 * schedule, sampler position, libtorch generators, trainer state, and the loop's optional sections)
 * handed to the {@link TrainingCheckpointWriter}; then {@code save_total_limit} rotation keeps the newest
 * checkpoints and the best one. The previous checkpoint is deleted only after the new one is complete, so
 * a crash during a save never costs it.
 */
public final class CheckpointListener implements TrainingListener {
  private static final Logger LOG = Logger.getLogger("rnnt4j.train");

  private final Path outputDir;
  private final int saveTotalLimit;
  private final Transducer model;
  private final Map<String, Map<String, Object>> weightsMetadata;
  private final ConfigNode modelConfig;
  private final TokenizerFiles tokenizer;
  private final Map<String, Object> provenance;

  /**
   * @param saveTotalLimit checkpoints to keep ({@code save_total_limit}; 0 keeps all)
   * @param weightsMetadata the state dict's {@code _metadata}, or null to derive it from the model
   * @param modelConfig the model section to save beside the weights
   * @param provenance versions, seed, command line, for {@code rnnt4j.json}
   */
  public CheckpointListener(
      Path outputDir, int saveTotalLimit, Transducer model, Map<String, Map<String, Object>> weightsMetadata,
      ConfigNode modelConfig, TokenizerFiles tokenizer, Map<String, Object> provenance) {
    this.outputDir = outputDir;
    this.saveTotalLimit = saveTotalLimit;
    this.model = model;
    this.weightsMetadata = weightsMetadata;
    this.modelConfig = modelConfig;
    this.tokenizer = tokenizer;
    this.provenance = provenance;
  }

  @Override
  public void onSave(TrainerState state, SavePoint point) {
    HfTrainerState trainer = state.snapshot();
    TrainingState saved =
        new TrainingState(
            ModelSnapshot.of(ModelWeights.of(model, weightsMetadata), modelConfig, tokenizer, provenance),
            OptimizerState.of(point.optimizer()),
            new ScheduleState(point.schedule(), trainer.globalStep()),
            new RngState(point.position(), Generators.capture()),
            trainer,
            Map.of());
    for (var section : point.sections()) {
      saved = saved.withSection(section);
    }
    Path dir = outputDir.resolve(CheckpointRotation.directoryName(trainer.globalStep()));
    long start = System.nanoTime();
    TrainingCheckpointWriter.write(dir, saved);
    LOG.info(String.format("saved %s (%.2f s)", dir, (System.nanoTime() - start) / 1e9));
    List<Path> deleted = CheckpointRotation.rotate(outputDir, saveTotalLimit, trainer.bestModelCheckpoint());
    if (!deleted.isEmpty()) {
      LOG.info("deleted " + deleted + " (save_total_limit " + saveTotalLimit + ")");
    }
  }
}
