package org.rnnt4j.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.ConfigException;

/**
 * Copy-on-write replacement of one value in an immutable raw tree: the containers on the path to the
 * value are copied, everything else is shared with the old tree. Used by {@link ConfigNode#withOverride}.
 */
final class Overrides {
  private Overrides() {}

  /** A new root in which {@code target} holds {@code value}. */
  static Object replace(Object root, KeyPath target, Object value, String source) {
    return replace(root, KeyPath.root(), target, 0, value, source);
  }

  private static Object replace(Object node, KeyPath at, KeyPath target, int depth, Object value, String source) {
    Object segment = target.segments().get(depth);
    boolean last = depth == target.size() - 1;
    if (node instanceof Map) {
      String key = String.valueOf(segment);
      Map<?, ?> map = (Map<?, ?>) node;
      if (!last && !map.containsKey(key)) {
        throw new ConfigException("cannot override " + target + " in " + source + ": " + at.key(key) + " does not exist");
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put((String) entry.getKey(), entry.getValue());
      }
      copy.put(key, last ? value : replace(descend(map.get(key), at.key(key), source), at.key(key), target, depth + 1, value, source));
      return Collections.unmodifiableMap(copy);
    }
    if (node instanceof List) {
      List<?> list = (List<?>) node;
      String text = String.valueOf(segment);
      Checks.argument(text.chars().allMatch(Character::isDigit) && !text.isEmpty(), "%s in %s is a list; expected an index, got '%s'", at, source, text);
      int index = Integer.parseInt(text);
      if (index >= list.size()) {
        throw new ConfigException("cannot override " + at.index(index) + " in " + source + ": the list has " + list.size() + " elements");
      }
      List<Object> copy = new ArrayList<>(list);
      copy.set(index, last ? value : replace(descend(list.get(index), at.index(index), source), at.index(index), target, depth + 1, value, source));
      return Collections.unmodifiableList(copy);
    }
    throw new ConfigException("cannot override below " + at + " in " + source + ": it is a value, not a map or list");
  }

  private static Object descend(Object child, KeyPath at, String source) {
    if (child instanceof String && Interpolation.isInterpolated((String) child)) {
      throw new ConfigException("cannot override below " + at + " in " + source + ": it is the interpolation '" + child + "'; override the referenced key instead");
    }
    return child;
  }
}
