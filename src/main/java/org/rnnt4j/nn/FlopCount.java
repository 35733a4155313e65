package org.rnnt4j.nn;

/**
 * Counts the forward multiply-add FLOPs (2 per multiply-add) of the layers that dominate a model's
 * arithmetic, on the calling thread, while a {@link Scope} is open: {@link Linear}, {@link Conv1d},
 * {@link Conv2d}, {@link Lstm}, plus whatever a module reports through {@link #add} (attention's matrix
 * products). The same layers and formulas as the PyTorch peer's forward hooks ({@code
 * ../shared/peer/bench_torch.py}'s {@code FlopCounter}), so that achieved GFLOP/s compare; element-wise
 * operations, normalisation and the feature extractor are not counted. Closed scopes cost one
 * thread-local read per layer call.
 */
public final class FlopCount {
  private static final ThreadLocal<Scope> ACTIVE = new ThreadLocal<>();

  private FlopCount() {}

  /** Starts counting on this thread; the innermost open scope receives the counts. */
  public static Scope start() {
    Scope scope = new Scope(ACTIVE.get());
    ACTIVE.set(scope);
    return scope;
  }

  /** Whether a scope is counting on this thread (so that a caller can skip computing a count). */
  public static boolean counting() {
    return ACTIVE.get() != null;
  }

  /** Adds {@code flops} to the open scope, if any. */
  public static void add(long flops) {
    Scope scope = ACTIVE.get();
    if (scope != null) {
      scope.flops += flops;
    }
  }

  /** An open count; closing it makes the enclosing one (if any) current again. */
  public static final class Scope implements AutoCloseable {
    private final Scope outer;
    private long flops;

    private Scope(Scope outer) {
      this.outer = outer;
    }

    /** FLOPs counted so far in this scope. */
    public long flops() {
      return flops;
    }

    @Override
    public void close() {
      if (ACTIVE.get() == this) {
        ACTIVE.set(outer);
      }
    }
  }
}
