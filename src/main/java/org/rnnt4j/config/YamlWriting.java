package org.rnnt4j.config;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.RepresentToNode;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a resolved plain tree as block-style YAML that both snakeyaml-engine and OmegaConf (PyYAML) read
 * back to the same values: floats are written as Python's {@code repr} ({@code 0.0001}, {@code 1e-05}), the
 * spelling PyYAML itself writes, instead of Java's {@code 1.0E-5}; strings that YAML 1.1 would read as
 * booleans ({@code yes}, {@code off}) are quoted, as PyYAML quotes them.
 */
final class YamlWriting {
  private YamlWriting() {}

  static String toYaml(Object plain) {
    DumpSettings settings =
        DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setWidth(120)
            .setSchema(new CoreSchema())
            .build();
    return new Dump(settings, new OmegaConfRepresenter(settings)).dumpToString(plain);
  }

  private static final Pattern YAML11_BOOLEAN =
      Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");

  private static final class OmegaConfRepresenter extends StandardRepresenter {
    OmegaConfRepresenter(DumpSettings settings) {
      super(settings);
      RepresentToNode strings = this.representers.get(String.class);
      this.representers.put(
          String.class,
          data ->
              YAML11_BOOLEAN.matcher((String) data).matches()
                  ? representScalar(Tag.STR, (String) data, ScalarStyle.SINGLE_QUOTED)
                  : strings.representData(data));
      this.representers.put(
          Double.class,
          data -> {
            double value = (Double) data;
            String text =
                Double.isNaN(value) ? ".nan" : Double.isInfinite(value) ? (value > 0 ? ".inf" : "-.inf") : PythonStrings.repr(value);
            return representScalar(Tag.FLOAT, text);
          });
    }
  }
}
