package org.rnnt4j.distributed;

import java.time.Duration;
import org.rnnt4j.util.Checks;

/**
 * How a training run takes part in data-parallel training.
 *
 * @param environment this process's rank among the others ({@link DistributedEnvironment#single()}: alone)
 * @param syncBatchnorm {@code --sync_batchnorm}: BatchNorm statistics over every rank's batch (torch's
 *     {@code SyncBatchNorm}); without it each rank normalises with its own batch's, as PyTorch's DDP does
 * @param timeout {@code --ddp_timeout}: how long the rendezvous and each collective may wait (HF's
 *     default, 1800 s, leaves rank 0 time to evaluate and save while the others wait)
 */
public record DataParallelOptions(DistributedEnvironment environment, boolean syncBatchnorm, Duration timeout) {
  public DataParallelOptions {
    Checks.notNull(environment, "environment");
    Checks.argument(timeout != null && !timeout.isNegative() && !timeout.isZero(), "--ddp_timeout must be > 0, got %s", timeout);
  }

  /** One process, nothing to join. */
  public static DataParallelOptions single() {
    return new DataParallelOptions(DistributedEnvironment.single(), false, Duration.ofSeconds(1800));
  }
}
