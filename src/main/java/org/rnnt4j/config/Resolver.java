package org.rnnt4j.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rnnt4j.util.ConfigException;

/**
 * Reads values out of one immutable raw tree, resolving OmegaConf interpolations on the way, the way
 * OmegaConf does lazily on access: a whole-value reference ({@code ${model.sample_rate}}) takes the
 * referenced value with its type (an int stays an int, a map stays a node), a reference inside a longer
 * string is formatted with Python's {@code str()}, {@code ${.x}}/{@code ${..x}} are relative to the
 * container that holds the interpolating key, and a cycle is reported with the chain of keys.
 *
 * <p>A {@code .nemo} archive's {@code model_config.yaml} is the {@code model:} section without the
 * {@code model} key; if such a tree still held {@code ${model.x}}, it is read as {@code ${x}}.
 */
final class Resolver {
  static final String MISSING = "???";

  /** What a key holds once interpolations are followed. */
  sealed interface Value permits Container, Scalar {
    KeyPath path();
  }

  /** A map or list, named by its real location in the raw tree. */
  record Container(KeyPath path) implements Value {}

  /** A leaf value (String, Long, Double, Boolean or null), or the {@code ???} marker when {@code missing}. */
  record Scalar(Object value, KeyPath path, boolean missing) implements Value {}

  private final Object root;
  private final String source;

  Resolver(Object root, String source) {
    this.root = root;
    this.source = source;
  }

  Object root() {
    return root;
  }

  String source() {
    return source;
  }

  /** The raw container or value at a real path (one found by walking containers, without interpolation). */
  Object rawAt(KeyPath realPath) {
    Object current = root;
    for (Object segment : realPath.segments()) {
      if (current instanceof Map) {
        current = ((Map<?, ?>) current).get(String.valueOf(segment));
      } else {
        current = ((List<?>) current).get((Integer) segment);
      }
    }
    return current;
  }

  /**
   * The value of one key or index of a container, interpolations followed, or empty when absent.
   *
   * @param stack the keys whose interpolations are being resolved (cycle detection)
   */
  Optional<Value> child(KeyPath container, Object segment, Deque<KeyPath> stack) {
    Object raw = rawAt(container);
    KeyPath childPath;
    Object childRaw;
    if (raw instanceof Map) {
      String key = String.valueOf(segment);
      Map<?, ?> map = (Map<?, ?>) raw;
      if (!map.containsKey(key)) {
        return Optional.empty();
      }
      childPath = container.key(key);
      childRaw = map.get(key);
    } else {
      List<?> list = (List<?>) raw;
      int index = asIndex(container, segment);
      if (index >= list.size()) {
        return Optional.empty();
      }
      childPath = container.index(index);
      childRaw = list.get(index);
    }
    return Optional.of(interpret(childRaw, childPath, container, stack));
  }

  /** Follows a path of keys from a container, failing with "missing key" naming the full path. */
  Value walk(KeyPath from, KeyPath relative, Deque<KeyPath> stack) {
    Value current = new Container(from);
    KeyPath shown = from;
    for (Object segment : relative.segments()) {
      shown = shown.append(segment);
      if (!(current instanceof Container)) {
        throw new ConfigException(
            "missing key " + shown + " in " + source + ": " + current.path() + " is a value, not a map or list");
      }
      Optional<Value> next = child(((Container) current).path(), segment, stack);
      if (next.isEmpty()) {
        throw new ConfigException("missing key " + shown + " in " + source);
      }
      current = next.get();
    }
    return current;
  }

  /** The fully resolved plain value (LinkedHashMap, ArrayList, scalars; {@code ???} kept) of a value. */
  Object resolveAll(Value value, Deque<KeyPath> openContainers) {
    if (value instanceof Scalar) {
      Scalar scalar = (Scalar) value;
      return scalar.missing() ? MISSING : scalar.value();
    }
    KeyPath path = value.path();
    if (openContainers.contains(path)) {
      throw new ConfigException("interpolation cycle in " + source + ": " + path + " contains a reference to itself");
    }
    openContainers.push(path);
    try {
      Object raw = rawAt(path);
      if (raw instanceof Map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object key : ((Map<?, ?>) raw).keySet()) {
          out.put((String) key, resolveAll(child(path, key, new ArrayDeque<>()).orElseThrow(), openContainers));
        }
        return out;
      }
      List<Object> out = new ArrayList<>();
      int size = ((List<?>) raw).size();
      for (int i = 0; i < size; i++) {
        out.add(resolveAll(child(path, i, new ArrayDeque<>()).orElseThrow(), openContainers));
      }
      return out;
    } finally {
      openContainers.pop();
    }
  }

  private int asIndex(KeyPath container, Object segment) {
    if (segment instanceof Integer) {
      return (Integer) segment;
    }
    String text = String.valueOf(segment);
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 9) {
      throw new ConfigException(
          container + " in " + source + " is a list; expected an index like [0], got key '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private Value interpret(Object raw, KeyPath path, KeyPath container, Deque<KeyPath> stack) {
    if (raw instanceof Map || raw instanceof List) {
      return new Container(path);
    }
    if (!(raw instanceof String)) {
      return new Scalar(raw, path, false);
    }
    String text = (String) raw;
    if (text.equals(MISSING)) {
      return new Scalar(null, path, true);
    }
    if (!Interpolation.isInterpolated(text)) {
      return new Scalar(text.replace("\\${", "${"), path, false);
    }
    Interpolation interpolation;
    try {
      interpolation = Interpolation.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path + " in " + source + ": " + e.getMessage(), e);
    }
    if (stack.contains(path)) {
      throw new ConfigException("interpolation cycle in " + source + ": " + cycle(stack, path));
    }
    stack.push(path);
    try {
      if (interpolation.isWholeValue()) {
        return follow(interpolation.parts().get(0).reference(), path, container, stack);
      }
      StringBuilder out = new StringBuilder();
      for (Interpolation.Part part : interpolation.parts()) {
        if (part.reference() == null) {
          out.append(part.literal());
          continue;
        }
        Value target = follow(part.reference(), path, container, stack);
        if (target instanceof Container) {
          throw new ConfigException(
              path + " in " + source + ": ${" + part.reference() + "} is a map or list and cannot be embedded in the string '" + text + "'");
        }
        Scalar scalar = (Scalar) target;
        if (scalar.missing()) {
          throw missing(scalar.path(), "referenced by " + path);
        }
        out.append(PythonStrings.str(scalar.value()));
      }
      return new Scalar(out.toString(), path, false);
    } finally {
      stack.pop();
    }
  }

  private Value follow(String reference, KeyPath self, KeyPath container, Deque<KeyPath> stack) {
    KeyPath target;
    try {
      target = target(reference, container);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(self + " in " + source + ": bad interpolation ${" + reference + "}: " + e.getMessage(), e);
    }
    try {
      return walk(KeyPath.root(), target, stack);
    } catch (ConfigException e) {
      if (e.getMessage().startsWith("missing key")) {
        throw new ConfigException(
            "interpolation ${" + reference + "} at " + self + " in " + source + " cannot be resolved: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private KeyPath target(String reference, KeyPath container) {
    int dots = 0;
    while (dots < reference.length() && reference.charAt(dots) == '.') {
      dots++;
    }
    if (dots == 0) {
      KeyPath absolute = KeyPath.parse(reference);
      boolean modelLess = root instanceof Map && !((Map<?, ?>) root).containsKey("model");
      if (modelLess && absolute.size() > 1 && "model".equals(absolute.segments().get(0))) {
        return KeyPath.root().resolve(KeyPath.parse(reference.substring("model.".length())));
      }
      return absolute;
    }
    KeyPath base = container;
    for (int up = 1; up < dots; up++) {
      if (base.isRoot()) {
        throw new IllegalArgumentException("it climbs above the root of the config");
      }
      base = base.parent();
    }
    String rest = reference.substring(dots);
    return rest.isEmpty() ? base : base.resolve(KeyPath.parse(rest));
  }

  ConfigException missing(KeyPath path, String detail) {
    return new ConfigException(
        "missing mandatory value (???) at " + path + " in " + source + (detail.isEmpty() ? "" : " (" + detail + ")"));
  }

  private static String cycle(Deque<KeyPath> stack, KeyPath repeated) {
    List<KeyPath> chain = new ArrayList<>();
    for (Iterator<KeyPath> it = stack.descendingIterator(); it.hasNext(); ) {
      chain.add(it.next());
    }
    int start = chain.indexOf(repeated);
    List<KeyPath> loop = new ArrayList<>(chain.subList(start, chain.size()));
    loop.add(repeated);
    return loop.stream().map(KeyPath::toString).collect(Collectors.joining(" -> "));
  }
}
