package org.rnnt4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured configuration of {@link LossBenchmark}, named {@code scope/strategy[_nN|_sS]}.
 *
 * @param scope {@code loss}: the loss alone on given logits (and, pruned, given simple-joiner
 *     outputs); {@code step}: the joint network and the loss, forward and backward, from the encoder
 *     and prediction outputs
 * @param strategy {@code exact}, {@code exact_forward} (loss only, no gradient), {@code
 *     tensor_ops} and {@code tensor_ops_forward} (the same on the tensor-ops backend, on the CPU
 *     here, whose figures matter on a GPU), {@code exact_tensor_ops} (the exact objective with the
 *     tensor-ops backend forced), {@code surrogate}
 *     (the foundation's step: full joint, {@code TransducerLoss.compute}, one backward), {@code
 *     joint_only} (the joint's forward and backward with no loss), {@code fused} (sub-batches of N),
 *     {@code pruned} (range S)
 * @param parameter N for fused, S for pruned, 0 otherwise
 */
record BenchmarkVariant(String scope, String strategy, int parameter) {

  String name() {
    String suffix =
        switch (strategy) {
          case "fused" -> "_n" + parameter;
          case "pruned" -> "_s" + parameter;
          default -> "";
        };
    return scope + "/" + strategy + suffix;
  }

  /** Parses {@link #name()}; unknown names are an {@link IllegalArgumentException}. */
  static BenchmarkVariant parse(String name) {
    for (BenchmarkVariant v : standardSet()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    String[] parts = name.split("/", 2);
    if (parts.length == 2 && parts[1].matches("(fused_n|pruned_s)[1-9][0-9]*")) {
      boolean fused = parts[1].startsWith("fused");
      int parameter = Integer.parseInt(parts[1].substring(fused ? 7 : 8));
      if (parts[0].equals("loss") || parts[0].equals("step")) {
        return new BenchmarkVariant(parts[0], fused ? "fused" : "pruned", parameter);
      }
    }
    throw new IllegalArgumentException(
        "unknown benchmark variant '" + name + "'; known: "
            + standardSet().stream().map(BenchmarkVariant::name).toList()
            + " (and loss|step/fused_nN, loss|step/pruned_sS)");
  }

  /** The variants of the report, in its order. */
  static List<BenchmarkVariant> standardSet() {
    List<BenchmarkVariant> out = new ArrayList<>();
    out.add(new BenchmarkVariant("loss", "exact", 0));
    out.add(new BenchmarkVariant("loss", "exact_forward", 0));
    out.add(new BenchmarkVariant("loss", "tensor_ops", 0));
    out.add(new BenchmarkVariant("loss", "tensor_ops_forward", 0));
    for (int n : new int[] {1, 2, 4}) {
      out.add(new BenchmarkVariant("loss", "fused", n));
    }
    for (int s : new int[] {4, 8, 16}) {
      out.add(new BenchmarkVariant("loss", "pruned", s));
    }
    out.add(new BenchmarkVariant("step", "surrogate", 0));
    out.add(new BenchmarkVariant("step", "joint_only", 0));
    out.add(new BenchmarkVariant("step", "exact", 0));
    out.add(new BenchmarkVariant("step", "exact_tensor_ops", 0));
    for (int n : new int[] {1, 2, 4}) {
      out.add(new BenchmarkVariant("step", "fused", n));
    }
    for (int s : new int[] {4, 8, 16}) {
      out.add(new BenchmarkVariant("step", "pruned", s));
    }
    return out;
  }
}
