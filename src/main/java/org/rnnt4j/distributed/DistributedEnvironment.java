package org.rnnt4j.distributed;

import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * Where this process stands among the data-parallel ranks, read from torchrun's environment variables
 * ({@code RANK}, {@code LOCAL_RANK}, {@code WORLD_SIZE}, {@code LOCAL_WORLD_SIZE}, {@code MASTER_ADDR},
 * {@code MASTER_PORT}) plus {@code RNNT4J_LAUNCHER_PID}, the local rank 0 process a worker watches.
 *
 * @param launcherPid the process that started this one and whose death ends it, or -1 (none: rank 0, or
 *     a rank started by another launcher)
 */
public record DistributedEnvironment(
    int rank, int localRank, int worldSize, int localWorldSize, String masterAddr, int masterPort, long launcherPid) {
  public static final String LAUNCHER_PID = "RNNT4J_LAUNCHER_PID";

  public DistributedEnvironment {
    Checks.argument(worldSize >= 1, "WORLD_SIZE must be >= 1, got %s", worldSize);
    Checks.argument(rank >= 0 && rank < worldSize, "RANK must be in [0, WORLD_SIZE=%s), got %s", worldSize, rank);
    Checks.argument(localWorldSize >= 1 && localWorldSize <= worldSize,
        "LOCAL_WORLD_SIZE must be in [1, WORLD_SIZE=%s], got %s", worldSize, localWorldSize);
    Checks.argument(localRank >= 0 && localRank < localWorldSize,
        "LOCAL_RANK must be in [0, LOCAL_WORLD_SIZE=%s), got %s", localWorldSize, localRank);
    Checks.argument(masterPort > 0 && masterPort < 65536, "MASTER_PORT must be in [1, 65535], got %s", masterPort);
    Checks.notNull(masterAddr, "MASTER_ADDR");
  }

  /** One process, nothing to meet. */
  public static DistributedEnvironment single() {
    return new DistributedEnvironment(0, 0, 1, 1, "127.0.0.1", 29500, -1);
  }

  /** torchrun's variables when {@code WORLD_SIZE} is set, else {@link #single()}. */
  public static DistributedEnvironment fromEnvironment(Map<String, String> env) {
    if (env.get("WORLD_SIZE") == null) {
      return single();
    }
    int world = integer(env, "WORLD_SIZE", null);
    return new DistributedEnvironment(
        integer(env, "RANK", null), integer(env, "LOCAL_RANK", "0"), world,
        integer(env, "LOCAL_WORLD_SIZE", Integer.toString(world)), env.getOrDefault("MASTER_ADDR", "127.0.0.1"),
        integer(env, "MASTER_PORT", "29500"), Long.parseLong(env.getOrDefault(LAUNCHER_PID, "-1")));
  }

  private static int integer(Map<String, String> env, String name, String fallback) {
    String v = env.getOrDefault(name, fallback);
    if (v == null) {
      throw new IllegalArgumentException("WORLD_SIZE is set but " + name + " is not");
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'", e);
    }
  }

  public boolean isDistributed() {
    return worldSize > 1;
  }

  /** Rank 0: the process that logs, evaluates and saves. */
  public boolean isMain() {
    return rank == 0;
  }

  /** The variables a launched rank gets (its own rank and local rank). */
  public Map<String, String> variables() {
    return Map.of(
        "RANK", Integer.toString(rank), "LOCAL_RANK", Integer.toString(localRank), "WORLD_SIZE", Integer.toString(worldSize),
        "LOCAL_WORLD_SIZE", Integer.toString(localWorldSize), "MASTER_ADDR", masterAddr,
        "MASTER_PORT", Integer.toString(masterPort), LAUNCHER_PID, Long.toString(launcherPid));
  }
}
