package org.rnnt4j.train.reporting;

import org.rnnt4j.train.TrainerState;
import org.rnnt4j.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnnt4j.util.AtomicFiles;

/**
 * {@code output_dir/training_curves.png}: the training loss, the learning rate and the evaluation WER
 * against the global step, one panel each, drawn with XChart from the logged entries and redrawn (atomically
 * replaced) at each evaluation and when training ends. A machine without a usable AWT (no fonts) loses the
 * picture, not the run: the failure is logged once.
 */
public final class TrainingCurvesListener implements TrainingListener {
  static final String FILE_NAME = "training_curves.png";
  private static final Logger LOG = Logger.getLogger(TrainingCurvesListener.class.getName());

  private final Path file;
  private final List<Double> lossSteps = new ArrayList<>();
  private final List<Double> losses = new ArrayList<>();
  private final List<Double> rateSteps = new ArrayList<>();
  private final List<Double> rates = new ArrayList<>();
  private final List<Double> werSteps = new ArrayList<>();
  private final List<Double> wers = new ArrayList<>();
  private boolean failed;

  public TrainingCurvesListener(Path outputDir) {
    this.file = outputDir.resolve(FILE_NAME);
  }

  @Override
  public void onLog(TrainerState state, Map<String, Object> entry) {
    double step = state.globalStep();
    add(entry, "loss", step, lossSteps, losses);
    add(entry, "learning_rate", step, rateSteps, rates);
    add(entry, "eval_wer", step, werSteps, wers);
  }

  @Override
  public void onEvaluate(TrainerState state, Map<String, Object> metrics) {
    draw();
  }

  @Override
  public void onTrainEnd(TrainerState state) {
    draw();
  }

  private static void add(Map<String, Object> entry, String key, double step, List<Double> xs, List<Double> ys) {
    if (entry.get(key) instanceof Number n && Double.isFinite(n.doubleValue())) {
      xs.add(step);
      ys.add(n.doubleValue());
    }
  }

  /** Draws the three panels into the file; nothing when nothing was logged yet. */
  void draw() {
    if (failed || (losses.isEmpty() && wers.isEmpty())) {
      return;
    }
    System.setProperty("java.awt.headless", "true");
    try {
      List<XYChart> charts = List.of(
          panel("training loss", "loss", "#,##0.###", lossSteps, losses),
          panel("learning rate", "learning rate", "0.0##E0", rateSteps, rates),
          panel("evaluation WER", "WER", "0.0###", werSteps, wers));
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      BitmapEncoder.saveBitmap(charts, 3, 1, png, BitmapEncoder.BitmapFormat.PNG);
      AtomicFiles.writeBytes(file, png.toByteArray());
    } catch (IOException | RuntimeException | LinkageError e) {
      failed = true;
      LOG.warning("cannot draw " + file + " (" + e + "); training goes on without it");
    }
  }

  private static XYChart panel(String title, String yAxis, String pattern, List<Double> steps, List<Double> values) {
    XYChart chart = new XYChartBuilder().width(900).height(300).title(title).xAxisTitle("step").yAxisTitle(yAxis).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisDecimalPattern(pattern);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    if (values.isEmpty()) {
      // XChart needs a series to lay out a panel; one invisible point stands for "nothing logged yet"
      XYSeries s = chart.addSeries(yAxis, new double[] {0}, new double[] {0});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(new java.awt.Color(0, 0, 0, 0));
      chart.setTitle(title + " (none yet)");
      return chart;
    }
    XYSeries s = chart.addSeries(yAxis, steps, values);
    s.setMarker(values.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    return chart;
  }
}
