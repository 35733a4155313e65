package org.rnnt4j.checkpoint.nemo;

/**
 * What a {@code torch.save} persistent id {@code ('storage', torch.FloatStorage, '<key>',
 * '<location>', numel)} says about one storage: its bytes are the zip record {@code
 * <prefix>/data/<key>}.
 *
 * @param type the storage class, which fixes the element type
 * @param key the record name under {@code data/}
 * @param location the device it was saved from ({@code cpu}, {@code cuda:0}); the bytes are the
 *     same
 * @param numel number of elements
 */
record PickledStorage(TorchStorageType type, String key, String location, long numel) {}
