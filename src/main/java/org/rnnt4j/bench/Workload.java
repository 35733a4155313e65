package org.rnnt4j.bench;

/** One benchmark variant's prepared inputs and its measured operation. */
interface Workload extends AutoCloseable {
  /**
   * Runs the forward and backward pass once, freeing everything it allocated before returning.
   *
   * @return the loss value, as a check that the work was done
   */
  double run();

  /** Variant-specific facts worth reporting (e.g. the prune range actually used); may be empty. */
  default java.util.Map<String, Object> details() {
    return java.util.Map.of();
  }

  @Override
  void close();
}
