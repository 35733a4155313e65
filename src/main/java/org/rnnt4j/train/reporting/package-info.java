/**
 * What a training run shows while it runs and leaves behind for readers: the console log, the progress bar,
 * TensorBoard event files, the training-curves plot and the model card, each a
 * {@link org.rnnt4j.train.TrainingListener}, and the {@code --report_to} arguments that choose them.
 */
package org.rnnt4j.train.reporting;
