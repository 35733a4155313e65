package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;

/**
 * NeMo's {@code RelPositionalEncoding} (Transformer-XL, Dai et al. 2019, appendix B): scales the
 * subsampled frames by sqrt(d_model) when {@code xscaling} is on (then dropout {@code
 * dropout_pre_encoder}), and returns sinusoidal embeddings of the relative positions {@code T-1, ..., 0,
 * ..., -(T-1)}: {@code pe[p, 2i] = sin(p * 10000^(-2i/d))}, {@code pe[p, 2i+1] = cos(...)}, computed in
 * float32 as NeMo does (with dropout {@code dropout_emb}). No state-dict entries (NeMo's table is a
 * non-persistent buffer).
 *
 * <p>The table is built for the longest input seen so far and sliced, as NeMo's {@code extend_pe}; a
 * row depends only on its position, so slicing gives the same values as building it per input.
 */
final class RelPositionalEncoding extends Module {
  private final int dModel;
  private final double xscale;
  private final double dropout;
  private final double dropoutEmbedding;
  private Tensor table; // (1, 2L-1, d) for positions L-1 ... -(L-1)
  private int tableLength;

  /**
   * @param xscale the input scale, sqrt(d_model), or 0 for none
   */
  RelPositionalEncoding(int dModel, double xscale, double dropout, double dropoutEmbedding) {
    this.dModel = dModel;
    this.xscale = xscale;
    this.dropout = dropout;
    this.dropoutEmbedding = dropoutEmbedding;
  }

  /** The scaled (and dropped-out) input with its position embeddings. */
  record Output(Tensor values, Tensor positions) {}

  /**
   * @param x (B, T, d)
   * @return x scaled (B, T, d) and the position embeddings (1, 2T-1, d)
   */
  Output forward(Tensor x) {
    int t = (int) x.size(1);
    Tensor scaled = xscale > 0 ? x.mul(xscale) : x;
    Tensor pe = table(t, x.device()).narrow(1, tableLength - t, 2L * t - 1); // (1, 2T-1, d)
    return new Output(
        scaled.dropout(dropout, dropoutActive()), pe.dropout(dropoutEmbedding, dropoutActive()));
  }

  private Tensor table(int length, Device device) {
    if (table == null || tableLength < length || !table.device().equals(device)) {
      int built = Math.max(length, tableLength);
      table = sinusoids(built, dModel).to(device).retain();
      tableLength = built;
    }
    return table;
  }

  /**
   * The relative-position table in NeMo's float32 arithmetic: {@code div_i = exp(2i * -(ln 10000 / d))}
   * and {@code sin/cos(p * div_i)} rounded to float at each step as torch computes them.
   *
   * @return (1, 2L-1, d) for positions L-1 down to -(L-1)
   */
  static Tensor sinusoids(int length, int d) {
    int rows = 2 * length - 1;
    float[] div = new float[(d + 1) / 2];
    float rate = (float) -(Math.log(10000.0) / d);
    for (int i = 0; i < div.length; i++) {
      div[i] = (float) Math.exp((float) (2 * i) * rate);
    }
    float[] pe = new float[rows * d];
    for (int r = 0; r < rows; r++) {
      float p = length - 1 - r;
      for (int i = 0; i < div.length; i++) {
        float angle = p * div[i];
        pe[r * d + 2 * i] = (float) Math.sin(angle);
        if (2 * i + 1 < d) {
          pe[r * d + 2 * i + 1] = (float) Math.cos(angle);
        }
      }
    }
    return Tensor.of(pe, 1, rows, d);
  }
}
