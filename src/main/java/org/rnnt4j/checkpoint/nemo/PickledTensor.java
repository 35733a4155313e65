package org.rnnt4j.checkpoint.nemo;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...)}
 * describes it: a strided view of a storage, in elements. Several tensors may view one storage.
 *
 * @param storage the storage viewed
 * @param offset index of the first element within the storage
 * @param shape sizes, outermost first
 * @param stride element step per dimension
 */
record PickledTensor(PickledStorage storage, long offset, long[] shape, long[] stride) {}
