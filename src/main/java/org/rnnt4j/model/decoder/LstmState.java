package org.rnnt4j.model.decoder;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.nn.Lstm;

/** {@link PredictionNetwork}'s state: the LSTM's h and c, each (layers, R, H), rows on dimension 1. */
record LstmState(Lstm.State lstm) implements DecoderState {
  @Override
  public long rows() {
    return lstm.h().size(1);
  }

  @Override
  public DecoderState select(Tensor indices) {
    return new LstmState(new Lstm.State(lstm.h().indexSelect(1, indices), lstm.c().indexSelect(1, indices)));
  }

  @Override
  public DecoderState where(Tensor mask, DecoderState otherwise) {
    Lstm.State other = ((LstmState) otherwise).lstm;
    Tensor m = mask.view(1, -1, 1); // (1, R, 1)
    return new LstmState(new Lstm.State(lstm.h().where(m, other.h()), lstm.c().where(m, other.c())));
  }

  @Override
  public DecoderState keepIn(TensorScope owner) {
    owner.adopt(lstm.h());
    owner.adopt(lstm.c());
    return this;
  }

  @Override
  public void copyFrom(DecoderState source) {
    Lstm.State other = ((LstmState) source).lstm;
    lstm.h().copyFrom(other.h());
    lstm.c().copyFrom(other.c());
  }

  @Override
  public DecoderState concat(List<? extends DecoderState> parts) {
    List<Tensor> h = new ArrayList<>();
    List<Tensor> c = new ArrayList<>();
    for (DecoderState part : parts) {
      Lstm.State s = ((LstmState) part).lstm;
      h.add(s.h());
      c.add(s.c());
    }
    return new LstmState(new Lstm.State(Tensor.cat(h, 1), Tensor.cat(c, 1)));
  }
}
