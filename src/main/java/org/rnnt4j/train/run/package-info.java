/**
 * One {@code rnnt4j train} run from arguments to output directory: data preparation, model loading, the
 * {@link org.rnnt4j.train.Trainer} loop with its reporting listeners, the final weights (EMA, averaged
 * checkpoints) and the final evaluation and prediction files. The composition root above {@code train} and
 * {@code train.reporting}.
 */
package org.rnnt4j.train.run;
