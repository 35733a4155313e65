package org.rnnt4j.distributed;

import org.rnnt4j.util.Checks;

/**
 * torchrun's launch flags: {@code nprocPerNode} processes on each of {@code nnodes} machines, this one
 * being node {@code nodeRank}; the ranks meet at {@code masterAddr:masterPort} (node 0's rank 0).
 */
public record Launch(int nprocPerNode, int nnodes, int nodeRank, String masterAddr, int masterPort) {
  public Launch {
    Checks.argument(nprocPerNode >= 1, "--nproc_per_node must be >= 1, got %s", nprocPerNode);
    Checks.argument(nnodes >= 1, "--nnodes must be >= 1, got %s", nnodes);
    Checks.argument(nodeRank >= 0 && nodeRank < nnodes, "--node_rank must be in [0, --nnodes=%s), got %s", nnodes, nodeRank);
    Checks.argument(masterPort > 0 && masterPort < 65536, "--master_port must be in [1, 65535], got %s", masterPort);
    Checks.argument(masterAddr != null && !masterAddr.isBlank(), "--master_addr must be given, got '%s'", masterAddr);
  }

  public int worldSize() {
    return nprocPerNode * nnodes;
  }

  /** The environment of this node's local rank {@code localRank}, watched by (when launched) {@code launcherPid}. */
  public DistributedEnvironment environment(int localRank, long launcherPid) {
    return new DistributedEnvironment(
        nodeRank * nprocPerNode + localRank, localRank, worldSize(), nprocPerNode, masterAddr, masterPort, launcherPid);
  }
}
