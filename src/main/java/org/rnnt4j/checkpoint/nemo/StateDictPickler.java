package org.rnnt4j.checkpoint.nemo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * Writes the {@code data.pkl} that {@code torch.save(state_dict)} writes (protocol 2, CPython's
 * {@code pickle.Pickler} with torch's persistent ids), byte for byte:
 *
 * <pre>
 * collections.OrderedDict()                                  GLOBAL, EMPTY_TUPLE, REDUCE
 *   items in batches of 1000                                  MARK ... SETITEMS (a lone item: SETITEM)
 *     key -> torch._utils._rebuild_tensor_v2(
 *              persistent_id(('storage', torch.FloatStorage, '&lt;n&gt;', 'cpu', numel)),
 *              0, size, stride, False, collections.OrderedDict())
 *   BUILD {'_metadata': OrderedDict(prefix -> {'version': v})}   only when there is metadata
 * </pre>
 *
 * Storage {@code n} is the n-th tensor in state-dict order, each tensor with a storage of its own.
 */
final class StateDictPickler {
  /** CPython's {@code Pickler._BATCHSIZE}. */
  private static final int BATCH = 1000;

  private StateDictPickler() {}

  /** The pickle of {@code checkpoint}, whose n-th tensor is stored as record {@code data/n}. */
  static byte[] pickle(TorchCheckpoint checkpoint) {
    PickleWriter pickle = new PickleWriter();
    newOrderedDict(pickle);
    List<Runnable> items = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, NamedArray> entry : checkpoint.stateDict().entrySet()) {
      String storageKey = Integer.toString(index++);
      items.add(
          () -> {
            pickle.string(entry.getKey());
            tensor(pickle, entry.getValue(), storageKey);
          });
    }
    setItems(pickle, items);
    if (!checkpoint.metadata().isEmpty()) {
      pickle.emptyDict();
      pickle.string("_metadata");
      newOrderedDict(pickle);
      List<Runnable> prefixes = new ArrayList<>();
      checkpoint
          .metadata()
          .forEach(
              (prefix, values) ->
                  prefixes.add(
                      () -> {
                        pickle.string(prefix);
                        dict(pickle, values);
                      }));
      setItems(pickle, prefixes);
      pickle.setItem();
      pickle.build();
    }
    return pickle.finish();
  }

  /** The row-major strides torch gives a new contiguous tensor (sizes of 0 count as 1). */
  static long[] contiguousStrides(long[] shape) {
    long[] stride = new long[shape.length];
    long step = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      stride[d] = step;
      step *= Math.max(shape[d], 1);
    }
    return stride;
  }

  private static void tensor(PickleWriter pickle, NamedArray tensor, String storageKey) {
    pickle.global("torch._utils", "_rebuild_tensor_v2");
    pickle.mark();
    pickle.mark();
    pickle.string("storage");
    pickle.global(TorchStorageType.MODULE, TorchStorageType.forDtype(tensor.dtype()).className());
    pickle.string(storageKey);
    pickle.string("cpu");
    pickle.integer(tensor.numel());
    pickle.tuple(5);
    pickle.persistentId();
    pickle.integer(0);
    integers(pickle, tensor.shape());
    integers(pickle, contiguousStrides(tensor.shape()));
    pickle.bool(false);
    newOrderedDict(pickle);
    pickle.tuple(6);
    pickle.reduce();
  }

  private static void newOrderedDict(PickleWriter pickle) {
    pickle.global("collections", "OrderedDict");
    pickle.tuple(0);
    pickle.reduce();
  }

  private static void integers(PickleWriter pickle, long[] values) {
    if (values.length > 3) {
      pickle.mark();
    }
    for (long value : values) {
      pickle.integer(value);
    }
    pickle.tuple(values.length);
  }

  private static void dict(PickleWriter pickle, Map<String, Object> values) {
    pickle.emptyDict();
    List<Runnable> items = new ArrayList<>();
    values.forEach(
        (key, value) ->
            items.add(
                () -> {
                  pickle.string(key);
                  scalar(pickle, value);
                }));
    setItems(pickle, items);
  }

  private static void scalar(PickleWriter pickle, Object value) {
    if (value == null) {
      pickle.none();
    } else if (value instanceof Long || value instanceof Integer) {
      pickle.integer(((Number) value).longValue());
    } else if (value instanceof String text) {
      pickle.string(text);
    } else if (value instanceof Boolean flag) {
      pickle.bool(flag);
    } else {
      throw new IllegalArgumentException(
          "state-dict metadata values must be Long, Integer, String, Boolean or null, got "
              + value.getClass().getName());
    }
  }

  /**
   * CPython's {@code _batch_setitems}: batches of up to 1000 items, a batch of one without MARK.
   */
  private static void setItems(PickleWriter pickle, List<Runnable> items) {
    for (int start = 0; start < items.size(); start += BATCH) {
      int end = Math.min(items.size(), start + BATCH);
      if (end - start > 1) {
        pickle.mark();
        items.subList(start, end).forEach(Runnable::run);
        pickle.setItems();
      } else {
        items.get(start).run();
        pickle.setItem();
      }
    }
  }
}
