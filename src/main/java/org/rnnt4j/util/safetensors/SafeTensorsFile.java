package org.rnnt4j.util.safetensors;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;

/**
 * The content of one safetensors file as read by {@link SafeTensors#read(Path)}.
 *
 * @param source the file it was read from (named in errors)
 * @param tensors name to tensor, in the order of the file's header (unmodifiable)
 * @param metadata the header's {@code __metadata__} strings, empty when absent (unmodifiable)
 */
public record SafeTensorsFile(
    Path source, Map<String, NamedArray> tensors, Map<String, String> metadata) {
  public SafeTensorsFile {
    Checks.notNull(source, "source");
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The tensor called {@code name}; a missing one is a {@link FormatException} naming the file. */
  public NamedArray tensor(String name) {
    NamedArray array = tensors.get(name);
    if (array == null) {
      throw new FormatException(
          source.toString(),
          "no tensor named '" + name + "' (the file has " + tensors.size() + " tensors)");
    }
    return array;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }
}
