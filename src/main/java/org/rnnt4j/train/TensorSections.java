package org.rnnt4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.checkpoint.training.CheckpointSection;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * Optional checkpoint sections that hold tensors as one safetensors file: the moving average of the
 * weights ({@code ema/ema.safetensors}) and a loss's own trainable parameters ({@code
 * objective/objective.safetensors}, the pruned loss's simple projections, which are not part of the model).
 */
final class TensorSections {
  static final String EMA = "ema";
  static final String OBJECTIVE = "objective";

  private TensorSections() {}

  /** Host copies of {@code tensors}, with string {@code metadata}, as section {@code name}. */
  static CheckpointSection of(String name, Map<String, Tensor> tensors, Map<String, String> metadata) {
    Map<String, NamedArray> host = new LinkedHashMap<>();
    tensors.forEach((k, v) -> host.put(k, Arrays.toArray(v)));
    return new CheckpointSection(name, Map.of(file(name), SafeTensors.toBytes(host, metadata)));
  }

  /** The section's tensors and metadata; {@code checkpoint} names the directory in errors. */
  static SafeTensorsFile read(CheckpointSection section, String checkpoint) {
    String file = file(section.name());
    byte[] bytes = section.files().get(file);
    if (bytes == null) {
      throw new FormatException(checkpoint + "/" + file, "section " + section.name() + " lacks " + file);
    }
    return SafeTensors.fromBytes(bytes, checkpoint + "/" + file);
  }

  /** The section's tensors as CPU tensors. */
  static Map<String, Tensor> tensors(SafeTensorsFile file) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    file.tensors().forEach((k, v) -> out.put(k, Arrays.toTensor(v)));
    return out;
  }

  private static String file(String name) {
    return name + "/" + name + ".safetensors";
  }
}
