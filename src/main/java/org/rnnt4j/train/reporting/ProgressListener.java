package org.rnnt4j.train.reporting;

import org.rnnt4j.train.TrainerState;
import org.rnnt4j.train.TrainingListener;
import java.util.Locale;
import org.rnnt4j.progress.Progress;

/**
 * The training progress on the console: on a terminal a bar redrawn in place, otherwise one line per
 * {@code --logging_steps} and at least one every 30 s ({@link org.rnnt4j.progress.ProgressMode}):
 *
 * <pre>train  42% [=====>     ] 270/640 steps (0:01:23 / 0:01:54) 3.25 steps/s epoch 1.27 loss 3.214 lr 9.8e-05</pre>
 *
 * The loss is the mean over the steps since the last logging step, so the line at a logging step shows
 * the loss that is logged.
 */
public final class ProgressListener implements TrainingListener {
  private final long loggingSteps;
  private Progress progress;
  private double lossSum;
  private long lossCount;

  public ProgressListener(long loggingSteps) {
    this.loggingSteps = loggingSteps;
  }

  @Override
  public void onTrainBegin(TrainerState state) {
    progress = Progress.start(org.rnnt4j.progress.ProgressSettings.current(), "train", state.maxSteps(), "steps", state.globalStep(), loggingSteps);
  }

  @Override
  public void onStepEnd(TrainerState state, StepReport step) {
    if (Double.isFinite(step.loss())) {
      lossSum += step.loss();
      lossCount++;
    }
    String loss = lossCount == 0 ? "nan" : String.format(Locale.ROOT, "%.4g", lossSum / lossCount);
    progress.update(state.globalStep(),
        String.format(Locale.ROOT, "epoch %.2f loss %s lr %.1e", state.epoch(), loss, step.learningRate()));
    if (state.globalStep() % loggingSteps == 0) {
      lossSum = 0;
      lossCount = 0;
    }
  }

  @Override
  public void onTrainEnd(TrainerState state) {
    if (progress != null) {
      progress.close();
    }
  }
}
