package org.rnnt4j.model.encoder;

import java.util.List;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.nn.ActivationCheckpointing;
import org.rnnt4j.nn.Module;
import org.rnnt4j.nn.ModuleList;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code ConvASREncoder} with ContextNet blocks (Han et al. 2020, "ContextNet: Improving
 * Convolutional Neural Networks for Automatic Speech Recognition with Global Context"): a stack of
 * separable {@link JasperBlock}s with squeeze-and-excitation, residuals and strides. State keys:
 * {@code encoder.<block>.mconv...} under this module (registered as {@code encoder} in the model, so
 * {@code encoder.encoder.0.mconv.0.conv.weight}).
 */
public final class ContextNetEncoder extends Module implements Encoder {
  private final List<JasperBlock> blocks;
  private final long hidden;
  private boolean checkpointing;

  public ContextNetEncoder(int featIn, List<JasperBlockConfig> configs) {
    this(featIn, configs, ContextNetConfig.InitMode.PYTORCH_DEFAULT);
  }

  /** Builds the blocks and initialises every convolution and linear weight as NeMo's {@code init_weights}. */
  public ContextNetEncoder(int featIn, List<JasperBlockConfig> configs, ContextNetConfig.InitMode initMode) {
    Checks.argument(!configs.isEmpty(), "encoder.jasper must list at least one block");
    ModuleList encoder = registerModule("encoder", new ModuleList());
    java.util.ArrayList<JasperBlock> built = new java.util.ArrayList<>();
    long channels = featIn;
    for (int i = 0; i < configs.size(); i++) {
      built.add(encoder.put(i, new JasperBlock(channels, configs.get(i))));
      channels = configs.get(i).filters();
    }
    this.blocks = List.copyOf(built);
    this.hidden = channels;
    initialise(initMode);
  }

  private void initialise(ContextNetConfig.InitMode mode) {
    if (mode == ContextNetConfig.InitMode.PYTORCH_DEFAULT) {
      return;
    }
    try (org.rnnt4j.engine.NoGrad ignored = new org.rnnt4j.engine.NoGrad()) {
      for (Tensor w : namedParameters().values()) {
        if (w.dim() < 2) {
          continue; // BatchNorm affine parameters keep 1 and 0
        }
        long fanOut = w.size(0) * (w.dim() == 3 ? w.size(2) : 1);
        long fanIn = w.numel() / w.size(0);
        double bound =
            mode == ContextNetConfig.InitMode.TDS_UNIFORM
                ? 2.0 / Math.sqrt(fanIn)
                : Math.sqrt(6.0 / (fanIn + fanOut));
        w.copyFrom(org.rnnt4j.nn.Init.uniform(bound, w.shape()));
      }
    }
  }

  @Override
  public Encoded encode(Tensor features, Tensor lengths) {
    Checks.argument(features.dim() == 3, "features must be (B, D, T), got %s", features.shapeString());
    Encoded out = new Encoded(features, lengths);
    for (JasperBlock block : blocks) {
      if (checkpointing) { // the checkpoint keeps the handles its backward pass needs
        Tensor lengthsIn = out.lengths();
        Tensor values = ActivationCheckpointing.apply(block, out.values(), x -> block.forward(x, lengthsIn).values());
        out = new Encoded(values, block.outputLengths(lengthsIn));
      } else {
        try (TensorScope layer = new TensorScope()) { // the block's temporaries are freed when it returns
          Encoded next = block.forward(out.values(), out.lengths());
          out = new Encoded(layer.handOver(next.values()), layer.handOver(next.lengths()));
        }
      }
    }
    return out;
  }

  @Override
  public void gradientCheckpointing(boolean enabled) {
    checkpointing = enabled;
  }

  @Override
  public long hiddenSize() {
    return hidden;
  }

  @Override
  public Module module() {
    return this;
  }
}
