package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** --device auto takes what libtorch sees; --device cuda without CUDA says what is missing. */
class DeviceSpecTest {
  @Test
  void parsesAutoAndNamedDevices() {
    assertEquals(DeviceSpec.AUTO, DeviceSpec.parse("auto"));
    assertEquals(DeviceSpec.AUTO, DeviceSpec.parse(" AUTO "));
    assertEquals(DeviceSpec.of(Device.cuda(1)), DeviceSpec.parse("cuda:1"));
    assertEquals(DeviceSpec.CPU, DeviceSpec.parse("cpu"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("tpu"));
    assertTrue(e.getMessage().contains("auto, cpu, cuda or cuda:N"), e.getMessage());
  }

  @Test
  void autoIsCudaWhenLibtorchSeesADeviceElseTheCpu() {
    Device chosen = Engine.resolve(DeviceSpec.AUTO);
    assertEquals(Engine.cudaAvailable() ? Device.cuda(0) : Device.CPU, chosen);
  }

  @Test
  void cudaWithoutCudaNamesWhatIsMissing() {
    Assumptions.assumeFalse(Engine.cudaAvailable(), "this machine has CUDA: nothing is missing");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Engine.resolve(DeviceSpec.parse("cuda")));
    String m = e.getMessage();
    assertTrue(m.startsWith("--device cuda:0 asked for, but "), m);
    if (org.rnnt4j.util.NativeLoader.hasGpuNatives("pytorch")) {
      assertTrue(m.contains("NVIDIA driver") && m.contains("CUDA_VISIBLE_DEVICES"), m);
    } else {
      assertTrue(m.contains("CPU natives") && m.contains("mvn -Pcuda package"), m);
    }
  }
}
