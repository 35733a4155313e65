package org.rnnt4j.engine;

/**
 * Gradient verbs data-parallel training needs beyond {@link Tensor}: writing a parameter's gradient
 * after the ranks reduced it, also when the backward pass left none.
 */
public final class Autograd {
  private Autograd() {}

  /** Sets {@code parameter}'s accumulated gradient to a copy of {@code gradient} (same shape, dtype, device). */
  public static void setGradient(Tensor parameter, Tensor gradient) {
    Tensor current = parameter.grad();
    if (current != null) {
      current.copyFrom(gradient);
    } else {
      parameter.t.mutable_grad().put(gradient.t.detach().clone());
    }
  }
}
