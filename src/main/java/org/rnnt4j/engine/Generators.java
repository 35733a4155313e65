package org.rnnt4j.engine;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Captures and restores libtorch's default random generators (the CPU one and, where CUDA is present,
 * each device's), which draw dropout masks, dither noise and stochastic depth. A checkpoint that holds
 * them lets a resumed run draw the same numbers as an uninterrupted one, as the Hugging Face Trainer's
 * {@code rng_state.pth} does with {@code torch.get_rng_state()} and {@code torch.cuda.get_rng_state_all()}.
 *
 * <p>Call these on the thread that trains: libtorch's generators are shared by every thread, and a
 * draw racing with a capture gives a state that matches neither side.
 */
public final class Generators {
  private Generators() {}

  /** The CPU generator's state, then each visible CUDA device's in index order. */
  public static List<GeneratorState> capture() {
    Engine.init();
    List<GeneratorState> out = new ArrayList<>();
    out.add(new GeneratorState(Device.CPU, bytes(torch.getDefaultCPUGenerator())));
    for (int i = 0; i < cudaDevices(); i++) {
      Device device = Device.cuda(i);
      out.add(new GeneratorState(device, bytes(generator(device))));
    }
    return out;
  }

  /**
   * Sets each listed generator to its state. A CUDA state for a device this machine lacks is refused,
   * since silently dropping it would make the resumed run draw different numbers.
   */
  public static void restore(List<GeneratorState> states) {
    Engine.init();
    int devices = cudaDevices();
    for (GeneratorState s : states) {
      if (s.device().isCuda() && s.device().index() >= devices) {
        throw new IllegalArgumentException(
            "a generator state for " + s.device() + " cannot be restored: this machine has " + devices + " CUDA devices");
      }
    }
    for (GeneratorState s : states) {
      byte[] state = s.state();
      org.bytedeco.pytorch.Tensor t = torch.empty(new long[] {state.length}, new TensorOptions().dtype(new ScalarTypeOptional(torch.ScalarType.Byte)), null);
      t.data_ptr_byte().put(state);
      generator(s.device()).set_state(t);
    }
  }

  private static Generator generator(Device device) {
    return device.isCuda() ? torch.globalContext().defaultGenerator(device.toNative()) : torch.getDefaultCPUGenerator();
  }

  private static int cudaDevices() {
    return Engine.cudaAvailable() ? torch.cuda_device_count() : 0;
  }

  private static byte[] bytes(Generator generator) {
    org.bytedeco.pytorch.Tensor state = generator.get_state().contiguous();
    byte[] out = new byte[(int) state.nbytes()];
    state.data_ptr_byte().get(out);
    return out;
  }
}
