package org.rnnt4j.engine;

import java.util.List;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** libtorch's fused recurrent kernels. */
public final class Rnn {
  private Rnn() {}

  /** LSTM output (B, U, H) and final states h, c (layers, B, H). */
  public record LstmResult(Tensor output, Tensor h, Tensor c) {}

  /**
   * A batch-first LSTM with PyTorch's parameter layout.
   *
   * @param x (B, U, In)
   * @param h0 (layers, B, H)
   * @param c0 (layers, B, H)
   * @param params per layer: weight_ih, weight_hh, bias_ih, bias_hh
   */
  public static LstmResult lstm(
      Tensor x, Tensor h0, Tensor c0, List<Tensor> params, int layers, double dropout, boolean train) {
    TensorVector hx = new TensorVector(h0.t, c0.t);
    TensorVector ps = new TensorVector(params.stream().map(p -> p.t).toArray(org.bytedeco.pytorch.Tensor[]::new));
    T_TensorTensorTensor_T r = torch.lstm(x.t, hx, ps, true, layers, dropout, train, false, true);
    return new LstmResult(Tensor.owned(r.get0()), Tensor.owned(r.get1()), Tensor.owned(r.get2()));
  }
}
