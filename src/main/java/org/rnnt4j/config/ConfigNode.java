package org.rnnt4j.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.ConfigException;

/**
 * A read-only map or list of a NeMo/OmegaConf YAML configuration, which knows where it sits ({@code
 * model.encoder.jasper[3]}) and which file it came from, so every failure names both: {@code missing key
 * model.encoder.jasper[3].filters in conf/x.yaml}.
 *
 * <p>Getters take a path relative to this node ({@code "filters"}, {@code "encoder.jasper[3].filters"},
 * {@code "[0]"} on a list) and resolve OmegaConf interpolations when read, as OmegaConf does: whole-value
 * references keep their type, references inside strings are formatted like Python's {@code str()}, {@code
 * ???} fails when read, cycles fail with the chain of keys. Getters are strict about types: {@code getInt}
 * accepts only a YAML integer, {@code getDouble} an integer or a float, {@code getString} only a string.
 * There are no getters with hidden defaults: optional keys are read with {@code find*}, and the caller
 * writes its default at the call site ({@code findInt("repeat").orElse(1)}).
 *
 * <p>Nodes never change; {@link #withOverride} returns a new tree. Mirrors OmegaConf's {@code DictConfig}/
 * {@code ListConfig} read API, without its mutation ({@code open_dict}).
 */
public final class ConfigNode {
  private final Resolver resolver;
  private final KeyPath path;

  private ConfigNode(Resolver resolver, KeyPath path) {
    this.resolver = resolver;
    this.path = path;
  }

  /** Reads a YAML file; its path is the source named in messages. */
  public static ConfigNode load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses YAML text; {@code source} names it in messages (a file name, or e.g. {@code model.nemo!model_config.yaml}). */
  public static ConfigNode parse(String yaml, String source) {
    Object root = YamlTrees.parse(yaml, source);
    if (!(root instanceof Map) && !(root instanceof List)) {
      throw new ConfigException("config " + source + " must be a YAML map or list at the top, got " + root);
    }
    return new ConfigNode(new Resolver(root, source), KeyPath.root());
  }

  /**
   * The model section, for both layouts NeMo uses: a training conf has a root {@code model:} key (returned),
   * a {@code .nemo} archive's {@code model_config.yaml} is that section already (returned as is).
   */
  public ConfigNode modelSection() {
    if (!isList() && has("model") && resolve("model") instanceof Resolver.Container) {
      return child("model");
    }
    return this;
  }

  public String source() {
    return resolver.source();
  }

  /** Where this node lives in its file; a node reached through {@code ${...}} reports its real location. */
  public KeyPath path() {
    return path;
  }

  public boolean isList() {
    return raw() instanceof List;
  }

  /** Number of keys of a map or elements of a list. */
  public int size() {
    Object raw = raw();
    return raw instanceof Map ? ((Map<?, ?>) raw).size() : ((List<?>) raw).size();
  }

  /** The keys of a map node, in file order. */
  public List<String> keys() {
    Object raw = raw();
    if (!(raw instanceof Map)) {
      throw new ConfigException(path + " in " + source() + " is a list, not a map; it has no keys");
    }
    List<String> keys = new ArrayList<>();
    for (Object key : ((Map<?, ?>) raw).keySet()) {
      keys.add((String) key);
    }
    return Collections.unmodifiableList(keys);
  }

  /**
   * Whether the key exists and is not {@code ???}, as OmegaConf's {@code key in cfg}. A key set to {@code
   * null} exists.
   */
  public boolean has(String relativePath) {
    Optional<Resolver.Value> value = tryResolve(relativePath);
    return value.isPresent() && !(value.get() instanceof Resolver.Scalar && ((Resolver.Scalar) value.get()).missing());
  }

  /** Whether the key exists and holds the {@code ???} required-value marker. */
  public boolean isMissing(String relativePath) {
    Optional<Resolver.Value> value = tryResolve(relativePath);
    return value.isPresent() && value.get() instanceof Resolver.Scalar && ((Resolver.Scalar) value.get()).missing();
  }

  /** Whether the key exists and is {@code null}. */
  public boolean isNull(String relativePath) {
    Optional<Resolver.Value> value = tryResolve(relativePath);
    return value.isPresent()
        && value.get() instanceof Resolver.Scalar
        && !((Resolver.Scalar) value.get()).missing()
        && ((Resolver.Scalar) value.get()).value() == null;
  }

  /** The map or list at the path. */
  public ConfigNode child(String relativePath) {
    Resolver.Value value = resolve(relativePath);
    if (!(value instanceof Resolver.Container)) {
      throw wrongType(relativePath, "a map or list", (Resolver.Scalar) value);
    }
    return new ConfigNode(resolver, value.path());
  }

  /** The map or list at the path, or empty when the key is absent or {@code null}. */
  public Optional<ConfigNode> findChild(String relativePath) {
    return present(relativePath) ? Optional.of(child(relativePath)) : Optional.empty();
  }

  /** The element maps or lists of the list at the path (e.g. {@code encoder.jasper}). */
  public List<ConfigNode> getList(String relativePath) {
    ConfigNode list = child(relativePath);
    if (!list.isList()) {
      throw new ConfigException(shown(relativePath) + " in " + source() + ": expected a list, got a map");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(list.child("[" + i + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  public String getString(String relativePath) {
    return (String) scalar(relativePath, String.class, "a string");
  }

  public int getInt(String relativePath) {
    long value = getLong(relativePath);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new ConfigException(shown(relativePath) + " in " + source() + ": expected a 32-bit integer, got " + value);
    }
    return (int) value;
  }

  public long getLong(String relativePath) {
    return (Long) scalar(relativePath, Long.class, "an integer");
  }

  /** A float; a YAML integer is accepted ({@code lr: 1}), as Python's {@code float(...)} would. */
  public double getDouble(String relativePath) {
    Object value = scalar(relativePath, Number.class, "a number");
    return ((Number) value).doubleValue();
  }

  public boolean getBool(String relativePath) {
    return (Boolean) scalar(relativePath, Boolean.class, "a boolean (true/false)");
  }

  public Optional<String> findString(String relativePath) {
    return present(relativePath) ? Optional.of(getString(relativePath)) : Optional.empty();
  }

  public OptionalInt findInt(String relativePath) {
    return present(relativePath) ? OptionalInt.of(getInt(relativePath)) : OptionalInt.empty();
  }

  public OptionalLong findLong(String relativePath) {
    return present(relativePath) ? OptionalLong.of(getLong(relativePath)) : OptionalLong.empty();
  }

  public OptionalDouble findDouble(String relativePath) {
    return present(relativePath) ? OptionalDouble.of(getDouble(relativePath)) : OptionalDouble.empty();
  }

  public Optional<Boolean> findBool(String relativePath) {
    return present(relativePath) ? Optional.of(getBool(relativePath)) : Optional.empty();
  }

  /**
   * A string from a closed set, converted by {@code parser} (e.g. {@code Reduction::fromNemoName}); a
   * value the parser rejects with an {@link IllegalArgumentException} fails here as a {@link
   * ConfigException} naming the key path and the file, with the parser's message (the accepted names).
   */
  public <T> T getChoice(String relativePath, Function<String, T> parser) {
    String value = getString(relativePath);
    try {
      return Checks.notNull(parser.apply(value), "parsed " + shown(relativePath));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(shown(relativePath) + " in " + source() + ": " + e.getMessage(), e);
    }
  }

  /** {@link #getChoice} of an optional key: empty when the key is absent or {@code null}. */
  public <T> Optional<T> findChoice(String relativePath, Function<String, T> parser) {
    return present(relativePath) ? Optional.of(getChoice(relativePath, parser)) : Optional.empty();
  }

  public List<Integer> getIntList(String relativePath) {
    List<Integer> out = new ArrayList<>();
    ConfigNode list = listAt(relativePath);
    for (int i = 0; i < list.size(); i++) {
      out.add(list.getInt("[" + i + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  public List<Double> getDoubleList(String relativePath) {
    List<Double> out = new ArrayList<>();
    ConfigNode list = listAt(relativePath);
    for (int i = 0; i < list.size(); i++) {
      out.add(list.getDouble("[" + i + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  public List<String> getStringList(String relativePath) {
    List<String> out = new ArrayList<>();
    ConfigNode list = listAt(relativePath);
    for (int i = 0; i < list.size(); i++) {
      out.add(list.getString("[" + i + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * A new tree in which the key at the path (relative to this node) holds {@code value}; this tree is not
   * changed. The containers on the way must exist; the last key may be new (a map) or an existing index
   * (a list). {@code value} may be a String, Number, Boolean, null, or a Map/List of those; a string may
   * hold interpolations. Returns the node at this node's path in the new tree.
   */
  public ConfigNode withOverride(String relativePath, Object value) {
    KeyPath relative = KeyPath.parse(relativePath);
    Checks.argument(!relative.isRoot(), "override path must name a key, got '%s'", relativePath);
    KeyPath target = path.resolve(relative);
    Object frozen = YamlTrees.freeze(value, target, source() + " (override)");
    Object newRoot = Overrides.replace(resolver.root(), target, frozen, source());
    return new ConfigNode(new Resolver(newRoot, resolver.source()), path);
  }

  /**
   * This node with every interpolation resolved, as plain Java values ({@code LinkedHashMap}, {@code
   * ArrayList}, String, Long, Double, Boolean, null); {@code ???} stays the string {@code "???"} as in
   * OmegaConf's {@code to_container(resolve=True)}.
   */
  public Object toResolvedValue() {
    return resolver.resolveAll(new Resolver.Container(path), new ArrayDeque<>());
  }

  /** This node, resolved, as block YAML (for a {@code .nemo}'s {@code model_config.yaml}). */
  public String toYaml() {
    return YamlWriting.toYaml(toResolvedValue());
  }

  /** Writes {@link #toYaml()} atomically. */
  public void writeYaml(Path file) {
    AtomicFiles.writeString(file, toYaml());
  }

  @Override
  public String toString() {
    return "ConfigNode(" + path + " in " + source() + ")";
  }

  private Object raw() {
    return resolver.rawAt(path);
  }

  private ConfigNode listAt(String relativePath) {
    ConfigNode list = child(relativePath);
    if (!list.isList()) {
      throw new ConfigException(shown(relativePath) + " in " + source() + ": expected a list, got a map");
    }
    return list;
  }

  private boolean present(String relativePath) {
    Optional<Resolver.Value> value = tryResolve(relativePath);
    if (value.isEmpty()) {
      return false;
    }
    if (value.get() instanceof Resolver.Scalar) {
      Resolver.Scalar scalar = (Resolver.Scalar) value.get();
      if (scalar.missing()) {
        throw resolver.missing(scalar.path(), "");
      }
      return scalar.value() != null;
    }
    return true;
  }

  private Resolver.Value resolve(String relativePath) {
    return resolver.walk(path, KeyPath.parse(relativePath), new ArrayDeque<>());
  }

  /** Empty only when the key itself (or a container on the way) is absent; other problems still throw. */
  private Optional<Resolver.Value> tryResolve(String relativePath) {
    KeyPath relative = KeyPath.parse(relativePath);
    Resolver.Value current = new Resolver.Container(path);
    for (Object segment : relative.segments()) {
      if (!(current instanceof Resolver.Container)) {
        return Optional.empty();
      }
      Optional<Resolver.Value> next = resolver.child(current.path(), segment, new ArrayDeque<>());
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return Optional.of(current);
  }

  private Object scalar(String relativePath, Class<?> type, String expected) {
    Resolver.Value value = resolve(relativePath);
    if (value instanceof Resolver.Container) {
      throw new ConfigException(
          shown(relativePath) + " in " + source() + ": expected " + expected + ", got a " + (new ConfigNode(resolver, value.path()).isList() ? "list" : "map"));
    }
    Resolver.Scalar scalar = (Resolver.Scalar) value;
    if (scalar.missing()) {
      throw resolver.missing(scalar.path(), "");
    }
    if (!type.isInstance(scalar.value())) {
      throw wrongType(relativePath, expected, scalar);
    }
    return scalar.value();
  }

  private ConfigException wrongType(String relativePath, String expected, Resolver.Scalar got) {
    Object value = got.value();
    String described =
        value == null
            ? "null"
            : value instanceof String
                ? "string '" + value + "'"
                : (value instanceof Long ? "integer " : value instanceof Double ? "float " : "boolean ") + PythonStrings.str(value);
    return new ConfigException(shown(relativePath) + " in " + source() + ": expected " + expected + ", got " + described);
  }

  private String shown(String relativePath) {
    return path.resolve(KeyPath.parse(relativePath)).toString();
  }
}
