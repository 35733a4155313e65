package org.rnnt4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** torchrun's variables and launch flags, as torchrun assigns ranks (node-major: rank = node * N + local). */
class DistributedEnvironmentTest {
  @Test
  void withoutWorldSizeThisProcessIsAlone() {
    DistributedEnvironment env = DistributedEnvironment.fromEnvironment(Map.of("RANK", "3"));
    assertFalse(env.isDistributed());
    assertTrue(env.isMain());
  }

  @Test
  void readsTorchrunsVariables() {
    DistributedEnvironment env = DistributedEnvironment.fromEnvironment(Map.of(
        "RANK", "3", "LOCAL_RANK", "1", "WORLD_SIZE", "4", "LOCAL_WORLD_SIZE", "2", "MASTER_ADDR", "10.0.0.1",
        "MASTER_PORT", "29400", "RNNT4J_LAUNCHER_PID", "77"));
    assertEquals(new DistributedEnvironment(3, 1, 4, 2, "10.0.0.1", 29400, 77), env);
    assertEquals(env, DistributedEnvironment.fromEnvironment(env.variables()));
  }

  @Test
  void refusesInconsistentVariablesNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DistributedEnvironment.fromEnvironment(Map.of("RANK", "2", "WORLD_SIZE", "2")));
    assertTrue(e.getMessage().contains("RANK must be in [0, WORLD_SIZE=2), got 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DistributedEnvironment.fromEnvironment(Map.of("WORLD_SIZE", "2")));
    assertTrue(e.getMessage().contains("RANK is not"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DistributedEnvironment.fromEnvironment(Map.of("RANK", "0", "WORLD_SIZE", "two")));
    assertTrue(e.getMessage().contains("WORLD_SIZE must be an integer, got 'two'"), e.getMessage());
  }

  @Test
  void launchNumbersRanksNodeMajor() {
    Launch launch = new Launch(4, 2, 1, "host0", 29500);
    assertEquals(8, launch.worldSize());
    DistributedEnvironment env = launch.environment(2, 1234);
    assertEquals(6, env.rank());
    assertEquals(2, env.localRank());
    assertEquals(4, env.localWorldSize());
    assertEquals(1234, env.launcherPid());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Launch(2, 2, 2, "h", 29500));
    assertTrue(e.getMessage().contains("--node_rank must be in [0, --nnodes=2), got 2"), e.getMessage());
  }

  @Test
  void describesAKilledWorker() {
    assertEquals("rank 1 (pid 42) exited with status 137 (killed by signal 9)", Launcher.describe(1, 42, 137));
    assertEquals("rank 2 (pid 7) exited with status 1", Launcher.describe(2, 7, 1));
  }
}
