package org.rnnt4j.distributed;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.ProcessGroup;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.BatchNorm1d;
import org.rnnt4j.nn.Module;

/**
 * One run's data-parallel session, the part of PyTorch's DistributedDataParallel the training loop
 * needs: the ranks joined in a process group ({@link ProcessGroup}: Gloo on CPU, NCCL on CUDA), the
 * gradients summed over the ranks in buckets ({@link GradientBuckets}), a few scalars (loss sums, skip
 * flags) summed alongside, and BatchNorm optionally synchronised ({@code --sync_batchnorm}, torch's
 * {@code convert_sync_batchnorm}). With one process ({@link #single()}) every verb is the identity and
 * nothing is started.
 *
 * <p>A rank that dies stops the others: the launcher sees its local workers exit ({@link Launcher}),
 * workers see their launcher vanish ({@link ParentWatch}), and ranks on other machines miss each other's
 * heartbeats ({@link Liveness}); each prints which rank it lost and halts this JVM.
 */
public final class DataParallel implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DataParallel.class.getName());
  /** How long a silent rank on another machine is waited for; local ranks are seen dying at once. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);
  /** How long a failed collective waits for a watcher to name the rank that caused it. */
  private static final long DIAGNOSIS_MS = 5000;

  private final DistributedEnvironment env;
  private final ProcessGroup group;
  private final GradientBuckets buckets;
  private final Liveness liveness;
  private final Duration timeout;

  private DataParallel(DistributedEnvironment env, ProcessGroup group, Liveness liveness, Duration timeout) {
    this.env = env;
    this.group = group;
    this.buckets = group == null ? null : new GradientBuckets(group, GradientBuckets.DEFAULT_BUCKET_BYTES);
    this.liveness = liveness;
    this.timeout = timeout;
  }

  /** One process. */
  public static DataParallel single() {
    return new DataParallel(DistributedEnvironment.single(), null, null, Duration.ZERO);
  }

  /**
   * Joins the ranks of {@code env} (returns once all joined; rank 0 serves the rendezvous store), or
   * {@link #single()} when {@code env} has one rank.
   *
   * @param device this rank's device: CPU (Gloo) or its CUDA device (NCCL)
   * @param timeout {@code --ddp_timeout}: how long the rendezvous and each collective may wait
   */
  public static DataParallel join(DistributedEnvironment env, Device device, Duration timeout) {
    if (!env.isDistributed()) {
      return single();
    }
    LOG.info(String.format("rank %d of %d (local rank %d) joining at %s:%d", env.rank(), env.worldSize(), env.localRank(),
        env.masterAddr(), env.masterPort()));
    ProcessGroup group =
        ProcessGroup.join(env.masterAddr(), env.masterPort(), env.rank(), env.worldSize(), device, timeout);
    Liveness liveness = new Liveness(env, HEARTBEAT_TIMEOUT, timeout, message -> stop(env.rank(), message));
    liveness.start();
    LOG.info("rank " + env.rank() + ": " + env.worldSize() + " ranks joined (" + group.backendName() + ")");
    return new DataParallel(env, group, liveness, timeout);
  }

  /** Prints why this rank stops, naming the rank that failed, and halts the JVM at once. */
  public static void stop(int rank, String message) {
    System.err.println("rnnt4j rank " + rank + ": " + message + "; stopping this rank");
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }

  public int rank() {
    return env.rank();
  }

  public int worldSize() {
    return env.worldSize();
  }

  /** Rank 0: logs, evaluates and saves. */
  public boolean isMain() {
    return env.isMain();
  }

  public boolean isDistributed() {
    return group != null;
  }

  /** Makes every BatchNorm layer under {@code root} take its statistics over all ranks; returns how many. */
  public int synchroniseBatchNorm(Module root) {
    if (group == null) {
      return 0;
    }
    int n = 0;
    if (root instanceof BatchNorm1d bn) {
      bn.synchronise(group);
      n++;
    }
    for (Module child : root.children().values()) {
      n += synchroniseBatchNorm(child);
    }
    return n;
  }

  /**
   * Rank 0's decision, for every rank: rank 0 publishes {@code value} under {@code key}, the others
   * receive it (and ignore their own), so that a choice that depends on what rank 0 already did (which
   * checkpoint to resume) is taken once.
   */
  public String fromMain(String key, String value) {
    if (group == null) {
      return value;
    }
    if (isMain()) {
      group.storeSet("rnnt4j/" + key, value);
      return value;
    }
    return group.storeGet("rnnt4j/" + key);
  }

  /**
   * Gives every rank rank 0's values of {@code tensors} (weights and buffers), as DDP does when it wraps a
   * model, so that all ranks start from one model whatever their own initialisation drew.
   */
  public void broadcastFromMain(Collection<Tensor> tensors) {
    if (group == null) {
      return;
    }
    guarded(() -> {
      try (NoGrad ignored = new NoGrad()) {
        for (Tensor t : tensors) {
          Tensor buffer = t.detach().contiguous().cloneTensor();
          if (!isMain()) {
            buffer.zero();
          }
          group.allReduceSum(buffer); // a sum with zeros: what rank 0 holds
          t.copyFrom(buffer);
        }
      }
    });
  }

  /**
   * Replaces each trainable parameter's gradient with the ranks' sum divided by {@code divisor} (the
   * number of micro-batches over all ranks, for the mean).
   */
  public void reduceGradients(List<Tensor> parameters, double divisor) {
    if (group == null) {
      if (divisor != 1) {
        parameters.stream().map(Tensor::grad).filter(g -> g != null).forEach(g -> g.mulInPlace(1.0 / divisor));
      }
      return;
    }
    guarded(() -> buckets.reduce(parameters, divisor));
  }

  /** Each value summed over the ranks (loss sums, counts, flags): one small collective. */
  public double[] sum(double[] values, Device device) {
    if (group == null) {
      return values.clone();
    }
    Tensor t = Tensor.ofDoubles(values, values.length).to(device);
    guarded(() -> group.allReduceSum(t));
    return t.toDoubleArray();
  }

  private void guarded(Runnable collective) {
    try {
      collective.run();
    } catch (IllegalStateException e) {
      // a peer that died breaks the connection at once; its watcher names it and halts within moments
      try {
        Thread.sleep(DIAGNOSIS_MS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("rank " + env.rank() + ": a collective failed, so another rank failed or is"
          + " unreachable: " + e.getMessage(), e);
    }
  }

  /**
   * Ends the session normally: says so to the watchers and, on rank 0, waits (up to the timeout) until
   * every rank has said so before the store it serves goes away.
   */
  public void finish() {
    if (group == null) {
      return;
    }
    liveness.finish(group);
    if (isMain()) {
      try (ProcessGroup.StoreClient store = ProcessGroup.storeClient(env.masterAddr(), env.masterPort(), timeout)) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int r = 1; r < env.worldSize(); r++) {
          while (!store.has(Liveness.done(r)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    if (liveness != null) {
      liveness.close();
    }
    if (group != null) {
      group.close();
    }
  }
}
