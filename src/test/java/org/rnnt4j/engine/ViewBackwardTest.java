package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#backward(Tensor)} from a view whose memory was overwritten in place (as the RNN-T loss
 * kernel writes its gradient over the joint's logits, which {@code linear} returns as a view of its 2-D
 * product) gives the gradients of the chain rule: for {@code y = x W^T} and upstream gradient G,
 * {@code dx = G W} and {@code dW = G^T x}, computed here with plain matrix products on values that are
 * small integers (exact in float32). Also for a partial view (a narrow), which back-propagates as it is.
 */
class ViewBackwardTest {
  private static Tensor ints(int rows, int cols, int offset) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * 7 + offset) % 5 - 2;
    }
    return Tensor.of(v, rows, cols);
  }

  @Test
  void aWholeViewWrittenInPlaceBackPropagatesTheChainRule() {
    Tensor x = ints(6, 3, 1).requiresGrad(true);
    Tensor w = ints(4, 3, 2).requiresGrad(true);
    Tensor y = x.view(2, 3, 3).linear(w, null); // (2, 3, 4), a view of the (6, 4) product
    Tensor g = ints(6, 4, 3);
    // the loss kernel's move: the gradient is written over y's own memory, and y's version bumped
    y.detach().copyFrom(g.view(2, 3, 4));
    y.backward(y.detach());
    assertArrayEquals(g.matmul(w.detach()).toFloatArray(), x.grad().toFloatArray());
    assertArrayEquals(g.transpose(0, 1).matmul(x.detach()).toFloatArray(), w.grad().toFloatArray());
  }

  @Test
  void aPartialViewBackPropagatesAsItIs() {
    Tensor x = ints(4, 3, 1).requiresGrad(true);
    Tensor y = x.mul(2.0).narrow(0, 1, 2); // rows 1..2
    y.backward(Tensor.ones(DType.FLOAT32, 2, 3));
    float[] expected = {0, 0, 0, 2, 2, 2, 2, 2, 2, 0, 0, 0};
    assertArrayEquals(expected, x.grad().toFloatArray());
  }
}
