package org.rnnt4j.cli;

import org.rnnt4j.engine.Engine;
import org.rnnt4j.loading.ModelLoading;
import org.rnnt4j.util.ProcessEnvironment;

/**
 * Run in a child JVM by {@link NativeSettingsAtEntryPointsTest}: enters rnnt4j the way a user does,
 * without calling {@code Engine.init()} itself, then prints the thread settings the process ended up
 * with. {@code cli MODEL}: the command line ({@code rnnt4j info MODEL}); {@code library MODEL}: the
 * Java API ({@link ModelLoading#open}).
 */
public final class EntryPointProbe {
  public static void main(String[] args) {
    String mode = args[0];
    String model = args[1];
    if (mode.equals("cli")) {
      int code = Main.run("info", model);
      System.out.println("exit=" + code);
    } else {
      var loaded = ModelLoading.open(model, 0);
      System.out.println("parameters=" + loaded.model().parameterCount());
    }
    for (String name : new String[] {"OMP_WAIT_POLICY", "OPENBLAS_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT"}) {
      System.out.println("env " + name + "=" + ProcessEnvironment.get(name).orElse("<unset>"));
    }
    System.out.println("intra_op_threads=" + Engine.threads());
    System.out.println("inter_op_threads=" + Engine.interOpThreads());
  }
}
