package org.rnnt4j.engine;

import org.bytedeco.javacpp.PointerScope;

/**
 * The lifetime of native memory made by tensor operations: every tensor handle created while a scope is
 * open is freed when it closes, unless {@link Tensor#retain()}ed or {@link #keep}-ed. Training runs each
 * step, and evaluation each batch, inside one scope, so resident memory stays flat over a run; a nested
 * scope frees a part of a step's temporaries early (the joint's, sub-batch by sub-batch).
 */
public final class TensorScope implements AutoCloseable {
  private final PointerScope enclosing;
  private final PointerScope scope;

  public TensorScope() {
    Engine.init();
    this.enclosing = PointerScope.getInnerScope();
    this.scope = new PointerScope();
  }

  /**
   * Moves {@code tensor} out to the enclosing scope, or to the garbage collector when there is none, so
   * that it outlives this one.
   */
  public Tensor keep(Tensor tensor) {
    // Take the new owner's reference before dropping this scope's: a count of 0 frees at once.
    if (enclosing != null) {
      enclosing.attach(tensor.t);
    } else {
      tensor.t.retainReference();
    }
    scope.detach(tensor.t);
    return tensor;
  }

  /**
   * Makes this scope also own {@code tensor}, wherever it was made: it then lives until this scope
   * closes, even when the scope it was made in (an inner one) closes first. Unlike {@link #keep} it
   * takes nothing from the tensor's own scope, so it is safe for a tensor of any scope.
   */
  public Tensor adopt(Tensor tensor) {
    scope.attach(tensor.t);
    return tensor;
  }

  /**
   * Makes the enclosing scope (or, when there is none, the garbage collector) also own {@code tensor},
   * wherever it was made, so that it outlives this scope. Unlike {@link #keep} it takes nothing from
   * this scope, so it is safe for a tensor of any scope: an input handed back unchanged, a view, a
   * tensor made here. The way to run a layer in a scope of its own and let only its output out, so that
   * its temporaries are freed when it returns instead of piling up until the step's scope closes (eager
   * PyTorch frees them as their last reference goes; freed blocks are reused by the next layer).
   */
  public Tensor handOver(Tensor tensor) {
    if (enclosing != null) {
      enclosing.attach(tensor.t);
    } else {
      tensor.t.retainReference();
    }
    return tensor;
  }

  @Override
  public void close() {
    scope.close();
  }
}
