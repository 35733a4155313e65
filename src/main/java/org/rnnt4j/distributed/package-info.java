/**
 * Data-parallel training as torchrun and PyTorch's DistributedDataParallel arrange it: the launcher that
 * starts one JVM per further local rank ({@link org.rnnt4j.distributed.Launcher}), the environment each rank
 * reads ({@link org.rnnt4j.distributed.DistributedEnvironment}), the per-run session that joins the ranks,
 * all-reduces gradients in buckets and synchronises BatchNorm ({@link org.rnnt4j.distributed.DataParallel}),
 * and the watchers that end every rank, with a message naming the culprit, when one dies.
 */
package org.rnnt4j.distributed;
