package org.rnnt4j.optim;

import org.rnnt4j.engine.Tensor;

/**
 * One parameter's 8-bit moments, as bitsandbytes keeps them ({@code state1}, {@code absmax1}, {@code
 * state2}, {@code absmax2}): the first moment quantised with the signed {@link DynamicMap}, the second
 * with the unsigned one, in blocks of 256 elements, each block scaled by its absmax. On the parameter's
 * device.
 *
 * @param step updates this parameter took part in (drives its bias correction)
 * @param state1 first moment's codes, uint8, the parameter's shape
 * @param absmax1 (ceil(n / 256)) float32
 * @param state2 second moment's codes, uint8, the parameter's shape
 * @param absmax2 (ceil(n / 256)) float32
 */
public record QuantizedMoments(long step, Tensor state1, Tensor absmax1, Tensor state2, Tensor absmax2) {}
