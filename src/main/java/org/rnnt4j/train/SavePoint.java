package org.rnnt4j.train;

import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.optim.Optimizer;
import org.rnnt4j.optim.LinearSchedule;

/**
 * What the loop hands its listeners when the save strategy says to save: the live optimizer and
 * schedule it owns and where the data stream stands. Listeners copy what they keep; the optimizer
 * changes with the next step.
 */
public record SavePoint(Optimizer optimizer, LinearSchedule schedule, SamplerPosition position) {}
