package org.rnnt4j.engine;

import org.bytedeco.javacpp.PointerScope;

/**
 * The lifetime of native memory made by tensor operations: every tensor handle created while a scope is
 * open is freed when it closes, unless {@link Tensor#retain()}ed. Training runs each step, and evaluation
 * each batch, inside one scope, so resident memory stays flat over a run.
 */
public final class TensorScope implements AutoCloseable {
  private final PointerScope scope;

  public TensorScope() {
    Engine.init();
    this.scope = new PointerScope();
  }

  /** Moves {@code tensor} out to the enclosing scope (or the garbage collector) so it outlives this one. */
  public Tensor keep(Tensor tensor) {
    scope.detach(tensor.t);
    return tensor;
  }

  @Override
  public void close() {
    scope.close();
  }
}
