package org.rnnt4j.engine;

import java.util.List;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's fused recurrent kernels.
 *
 * <p>Under float16 {@link Autocast} on the CPU the LSTM runs in float32: libtorch's CPU LSTM goes
 * through oneDNN, which has no float16 LSTM primitive on CPUs without AVX512-FP16 ("could not create a
 * primitive descriptor for the LSTM forward propagation primitive"). Its outputs are float32 then, as
 * for an op on autocast's float32 list. bfloat16 and CUDA's float16 (cuDNN) run as autocast says.
 */
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
    if (!x.device().isCuda() && Autocast.enabled(Device.CPU) && Autocast.dtype(Device.CPU) == DType.FLOAT16) {
      try (Autocast float32 = Autocast.suspend(Device.CPU)) {
        return run(x.to(DType.FLOAT32), h0.to(DType.FLOAT32), c0.to(DType.FLOAT32), params, layers, dropout, train);
      }
    }
    return run(x, h0, c0, params, layers, dropout, train);
  }

  private static LstmResult run(
      Tensor x, Tensor h0, Tensor c0, List<Tensor> params, int layers, double dropout, boolean train) {
    TensorVector hx = new TensorVector(h0.t, c0.t);
    TensorVector ps = new TensorVector(params.stream().map(p -> p.t).toArray(org.bytedeco.pytorch.Tensor[]::new));
    T_TensorTensorTensor_T r = torch.lstm(x.t, hx, ps, true, layers, dropout, train, false, true);
    return new LstmResult(Tensor.owned(r.get0()), Tensor.owned(r.get1()), Tensor.owned(r.get2()));
  }
}
