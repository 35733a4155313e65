package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.rnnt4j.util.FormatException;

/**
 * Unpickles the {@code data.pkl} of a {@code torch.save} zip with the safety rules of {@code
 * torch.load(weights_only=True)} ({@code torch/_weights_only_unpickler.py}): only the globals a
 * state dict needs may be named, any other ({@code os.system}, {@code builtins.eval}, a model
 * class...) fails the load before anything is called.
 *
 * <p>Pyrolite executes the opcodes; this subclass takes over the ones that matter here:
 *
 * <ul>
 *   <li>{@code GLOBAL}/{@code STACK_GLOBAL} resolve against the whitelist instead of Pyrolite's
 *       JVM-wide constructor registry, so nothing global is registered;
 *   <li>{@code EMPTY_DICT}, {@code DICT} and {@code SETITEMS} keep insertion order (Pyrolite
 *       collects {@code SETITEMS} into a {@code HashMap}, which loses state-dict order);
 *   <li>{@code BUILD} only sets attributes of an {@code OrderedDict} (torch.save stores the state
 *       dict's {@code _metadata} that way);
 *   <li>{@code BINPERSID} turns {@code ('storage', torch.FloatStorage, key, location, numel)} into
 *       a {@link PickledStorage}; {@code _rebuild_tensor_v2} into a {@link PickledTensor}.
 * </ul>
 */
final class TorchUnpickler extends Unpickler {
  /** A {@code collections.OrderedDict}: insertion-ordered, with the attributes BUILD gave it. */
  static final class OrderedDictObject extends LinkedHashMap<Object, Object> {
    private final Map<Object, Object> attributes = new LinkedHashMap<>();

    Map<Object, Object> attributes() {
      return attributes;
    }
  }

  /**
   * A {@code torch.*Storage} class named in a persistent id; calling it is not something torch.save
   * does.
   */
  private record StorageClass(TorchStorageType type) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException(
          "the storage class torch."
              + type.className()
              + " is called, which torch.save never does");
    }
  }

  private static final String ALLOWED =
      "collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter"
          + " and the torch.*Storage classes";

  private final String file;
  private final Map<String, PickledStorage> storages = new HashMap<>();

  /**
   * @param file name of data.pkl's archive, for error messages
   */
  TorchUnpickler(String file) {
    this.file = file;
  }

  /**
   * Unpickles {@code pickle}.
   *
   * @throws FormatException naming the file for a forbidden global or a malformed pickle
   */
  Object unpickle(byte[] pickle) {
    try {
      return loads(pickle);
    } catch (FormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FormatException(file, "data.pkl is not a valid torch.save pickle: " + e, e);
    } finally {
      close();
    }
  }

  @Override
  protected Object dispatch(short opcode) throws IOException {
    switch (opcode) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolveGlobal(module, name));
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        stack.add(resolveGlobal(String.valueOf(module), String.valueOf(name)));
      }
      case Opcodes.INST, Opcodes.OBJ, Opcodes.PERSID, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
          throw new FormatException(
              file,
              String.format(
                  "data.pkl uses pickle opcode 0x%02x, which torch.save never writes; refusing it",
                  opcode));
      case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
      case Opcodes.DICT -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        putPairs(map, stack.pop_all_since_marker());
        stack.add(map);
      }
      case Opcodes.SETITEMS -> {
        List<Object> pairs = stack.pop_all_since_marker();
        putPairs(asMap(stack.peek(), "SETITEMS"), pairs);
      }
      case Opcodes.BUILD -> {
        Object state = stack.pop();
        if (!(stack.peek() instanceof OrderedDictObject target)
            || !(state instanceof Map<?, ?> attributes)) {
          throw new FormatException(
              file,
              "data.pkl sets the state of a "
                  + typeName(stack.peek())
                  + " (BUILD); only an OrderedDict's attributes may be set");
        }
        target.attributes().putAll(attributes);
      }
      default -> {
        return super.dispatch(opcode);
      }
    }
    return NO_RETURN_VALUE;
  }

  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] id)
        || id.length != 5
        || !"storage".equals(id[0])
        || !(id[1] instanceof StorageClass storageClass)
        || !(id[2] instanceof String key)
        || !(id[4] instanceof Number)) {
      throw new FormatException(
          file,
          "data.pkl has a persistent id "
              + describe(pid)
              + ", expected ('storage', torch.<Type>Storage, key, location, numel)");
    }
    PickledStorage storage =
        new PickledStorage(
            storageClass.type(), key, String.valueOf(id[3]), toLong(id[4], "storage numel"));
    PickledStorage earlier = storages.putIfAbsent(key, storage);
    if (earlier != null && !earlier.equals(storage)) {
      throw new FormatException(
          file,
          "data.pkl describes storage '" + key + "' twice, as " + earlier + " and " + storage);
    }
    return earlier != null ? earlier : storage;
  }

  private Object resolveGlobal(String module, String name) {
    String qualified = module + "." + name;
    switch (qualified) {
      case "collections.OrderedDict" -> {
        return (IObjectConstructor)
            args -> {
              requireArity(qualified, args, 0, 0);
              return new OrderedDictObject();
            };
      }
      case "torch._utils._rebuild_tensor_v2" -> {
        return (IObjectConstructor) this::rebuildTensor;
      }
      case "torch._utils._rebuild_parameter" -> {
        return (IObjectConstructor)
            args -> {
              requireArity(qualified, args, 3, 3);
              if (!(args[0] instanceof PickledTensor tensor)) {
                throw new FormatException(
                    file,
                    "data.pkl rebuilds a parameter from a "
                        + typeName(args[0])
                        + ", expected a tensor");
              }
              return tensor;
            };
      }
      default -> {
        if (module.equals(TorchStorageType.MODULE)) {
          var type = TorchStorageType.forClassName(name);
          if (type.isPresent()) {
            return new StorageClass(type.get());
          }
        }
        throw new FormatException(
            file,
            "data.pkl references the Python global '"
                + qualified
                + "', which a state dict never needs (allowed: "
                + ALLOWED
                + "); refusing to load it, as torch.load(weights_only=True) would");
      }
    }
  }

  /**
   * {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad,
   * backward_hooks[, metadata])}.
   */
  private Object rebuildTensor(Object[] args) {
    requireArity("torch._utils._rebuild_tensor_v2", args, 6, 7);
    if (!(args[0] instanceof PickledStorage storage)
        || !(args[2] instanceof Object[] size)
        || !(args[3] instanceof Object[] stride)) {
      throw new FormatException(
          file,
          "data.pkl calls _rebuild_tensor_v2"
              + describe(args)
              + ", expected (storage, offset, size tuple, stride tuple, ...)");
    }
    if (size.length != stride.length) {
      throw new FormatException(
          file,
          "data.pkl rebuilds a tensor with "
              + size.length
              + " sizes but "
              + stride.length
              + " strides");
    }
    long[] shape = new long[size.length];
    long[] steps = new long[size.length];
    for (int i = 0; i < size.length; i++) {
      shape[i] = toLong(size[i], "tensor size");
      steps[i] = toLong(stride[i], "tensor stride");
    }
    return new PickledTensor(storage, toLong(args[1], "storage offset"), shape, steps);
  }

  private void requireArity(String function, Object[] args, int min, int max) {
    if (args.length < min || args.length > max) {
      throw new FormatException(
          file,
          "data.pkl calls "
              + function
              + " with "
              + args.length
              + " arguments, expected "
              + (min == max ? min : min + " to " + max));
    }
  }

  private void putPairs(Map<Object, Object> map, List<Object> pairs) {
    if (pairs.size() % 2 != 0) {
      throw new FormatException(
          file, "data.pkl has an odd number of dict items (" + pairs.size() + ")");
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      map.put(pairs.get(i), pairs.get(i + 1));
    }
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> asMap(Object target, String opcode) {
    if (!(target instanceof Map<?, ?>)) {
      throw new FormatException(
          file, "data.pkl applies " + opcode + " to a " + typeName(target) + ", expected a dict");
    }
    return (Map<Object, Object>) target;
  }

  private long toLong(Object value, String what) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    throw new FormatException(
        file,
        "data.pkl gives " + describe(value) + " as the " + what + ", expected a 64-bit integer");
  }

  private static String typeName(Object value) {
    return value == null ? "None" : value.getClass().getSimpleName();
  }

  private static String describe(Object value) {
    if (value instanceof Object[] array) {
      StringBuilder text = new StringBuilder("(");
      for (int i = 0; i < array.length; i++) {
        text.append(i == 0 ? "" : ", ").append(describe(array[i]));
      }
      return text.append(")").toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return value instanceof String ? "'" + value + "'" : typeName(value);
  }
}
