package org.rnnt4j.engine;

import java.util.Arrays;
import org.rnnt4j.util.Checks;

/**
 * The state of one of libtorch's default random generators, as {@code Generator::get_state} serialises
 * it: for the CPU generator the Mersenne Twister state plus the cached normal sample (5,056 bytes in
 * libtorch 2.x), for a CUDA device's Philox generator its seed and offset. Opaque bytes: only the libtorch
 * that wrote them is sure to read them.
 *
 * @param device whose default generator this is
 * @param state the serialised state (copied in and out)
 */
public record GeneratorState(Device device, byte[] state) {
  public GeneratorState {
    Checks.notNull(device, "device");
    state = Checks.notNull(state, "state").clone();
    Checks.argument(state.length > 0, "generator state of %s is empty", device);
  }

  @Override
  public byte[] state() {
    return state.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GeneratorState that && device.equals(that.device) && Arrays.equals(state, that.state);
  }

  @Override
  public int hashCode() {
    return device.hashCode() * 31 + Arrays.hashCode(state);
  }

  @Override
  public String toString() {
    return "GeneratorState[" + device + ", " + state.length + " bytes]";
  }
}
