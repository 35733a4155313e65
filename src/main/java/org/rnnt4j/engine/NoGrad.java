package org.rnnt4j.engine;

import org.bytedeco.pytorch.GradMode;

/** Disables gradient recording until closed (evaluation, decoding, optimizer updates). */
public final class NoGrad implements AutoCloseable {
  private final boolean previous;

  public NoGrad() {
    Engine.init();
    previous = GradMode.is_enabled();
    GradMode.set_enabled(false);
  }

  @Override
  public void close() {
    GradMode.set_enabled(previous);
  }
}
