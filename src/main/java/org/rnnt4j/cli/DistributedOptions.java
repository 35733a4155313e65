package org.rnnt4j.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rnnt4j.distributed.DataParallel;
import org.rnnt4j.distributed.DataParallelOptions;
import org.rnnt4j.distributed.DistributedEnvironment;
import org.rnnt4j.distributed.Launch;
import org.rnnt4j.distributed.Launcher;
import org.rnnt4j.distributed.ParentWatch;
import picocli.CommandLine.Option;

/**
 * {@code train}'s data-parallel flags: torchrun's launch flags, HF's {@code --ddp_timeout}, and {@code
 * --sync_batchnorm}. A process started with torchrun's variables in its environment ({@code WORLD_SIZE}
 * and the rest, as the launcher gives its workers) is that rank and launches nothing; otherwise {@code
 * --nproc_per_node N} makes this process local rank 0 of its node and starts the N-1 others.
 */
final class DistributedOptions {
  private static final String BOOL = "0..1";

  @Option(names = "--nproc_per_node", defaultValue = "1", description = "Data-parallel processes on this machine, as torchrun's: this one is local rank 0 and starts the others (JVMs with the same options and flags) (default: ${DEFAULT-VALUE}).")
  int nprocPerNode;

  @Option(names = "--nnodes", defaultValue = "1", description = "Machines taking part, each started with the same flags and its own --node_rank (default: ${DEFAULT-VALUE}).")
  int nnodes;

  @Option(names = "--node_rank", defaultValue = "0", description = "This machine's index among --nnodes (default: ${DEFAULT-VALUE}).")
  int nodeRank;

  @Option(names = "--master_addr", defaultValue = "127.0.0.1", description = "Address of node 0, where rank 0 serves the rendezvous store (default: ${DEFAULT-VALUE}).")
  String masterAddr;

  @Option(names = "--master_port", defaultValue = "29500", description = "Port of the rendezvous store on node 0 (default: ${DEFAULT-VALUE}).")
  int masterPort;

  @Option(names = "--ddp_timeout", defaultValue = "1800", description = "Seconds the ranks wait for each other at the rendezvous and in each collective, as HF's (default: ${DEFAULT-VALUE}).")
  long ddpTimeout;

  @Option(names = "--sync_batchnorm", arity = BOOL, fallbackValue = "true", description = "Synchronise BatchNorm statistics over all ranks (torch's SyncBatchNorm). Without it each rank normalises with its own batch's statistics, as PyTorch's DDP does. No effect with one process.")
  boolean syncBatchnorm;

  /** This process's data-parallel role; starts the node's other ranks when this process is local rank 0 of several. */
  Role start(List<String> args, boolean training) {
    Duration timeout = Duration.ofSeconds(ddpTimeout);
    if (!training) {
      if (nprocPerNode > 1 || nnodes > 1) {
        Logger.getLogger("rnnt4j").warning("--nproc_per_node/--nnodes apply to training (--do_train): evaluation and"
            + " prediction run in this process alone");
      }
      return new Role(DataParallelOptions.single(), null);
    }
    DistributedEnvironment inherited = DistributedEnvironment.fromEnvironment(System.getenv());
    if (inherited.isDistributed()) {
      ParentWatch.start(inherited);
      if (!inherited.isMain()) {
        Logger.getLogger("").setLevel(Level.WARNING); // HF's log_level_replica: the other ranks only warn
      }
      return new Role(new DataParallelOptions(inherited, syncBatchnorm, timeout), null);
    }
    Launch launch = new Launch(nprocPerNode, nnodes, nodeRank, masterAddr, masterPort);
    DistributedEnvironment self = launch.environment(0, -1);
    if (launch.worldSize() == 1) {
      return new Role(new DataParallelOptions(self, syncBatchnorm, timeout), null);
    }
    AtomicReference<Launcher> started = new AtomicReference<>();
    Launcher launcher = Launcher.start(launch, Main.class.getName(), args, message -> {
      Launcher l = started.get();
      if (l != null) {
        l.close();
      }
      DataParallel.stop(self.rank(), message);
    });
    started.set(launcher);
    return new Role(new DataParallelOptions(self, syncBatchnorm, timeout), launcher);
  }

  /**
   * @param launcher the node's other ranks when this process started them, else null
   */
  record Role(DataParallelOptions options, Launcher launcher) {
    /**
     * This rank's run failed: when the cause is a dead peer (a worker this process started, or this
     * worker's launcher), stops naming it rather than with the collective's "connection reset"; else returns.
     */
    void explainFailure() {
      if (launcher == null) {
        ParentWatch.explainFailure(options.environment());
        return;
      }
      launcher.failedWorker(Duration.ofSeconds(2)).ifPresent(message -> {
        launcher.close();
        DataParallel.stop(options.environment().rank(), message);
      });
    }

    /** Waits for the started ranks after this one finished; fails naming any that failed. */
    void awaitWorkers() {
      if (launcher == null) {
        return;
      }
      List<String> failures = launcher.awaitAll(Duration.ofSeconds(60));
      if (!failures.isEmpty()) {
        throw new IllegalStateException("data-parallel ranks failed: " + String.join("; ", failures));
      }
    }
  }
}
