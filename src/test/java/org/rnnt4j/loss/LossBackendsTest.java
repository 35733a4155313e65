package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Device;

/** The registry: availability per device, the default pick, forced picks and their refusals. */
class LossBackendsTest {
  private static final Device CUDA = Device.cuda(0);

  @Test
  void autoPicksTheJavaKernelOnTheCpuAndTensorOpsElsewhere() {
    assertEquals(LossBackend.JAVA_KERNEL, LossBackends.resolve(LossBackendChoice.AUTO, Device.CPU));
    assertEquals(LossBackend.TENSOR_OPS, LossBackends.resolve(LossBackendChoice.AUTO, CUDA));
  }

  @Test
  void availabilityIsReportedWithAReason() {
    List<LossBackends.Availability> cpu = LossBackends.report(Device.CPU);
    assertEquals(2, cpu.size());
    assertTrue(cpu.stream().allMatch(LossBackends.Availability::available));
    LossBackends.Availability java = LossBackends.availability(LossBackend.JAVA_KERNEL, CUDA);
    assertFalse(java.available());
    assertTrue(java.reason().contains("host memory"), java.reason());
    assertTrue(LossBackends.availability(LossBackend.TENSOR_OPS, CUDA).available());
  }

  @Test
  void aForcedBackendIsUsedWhereItRunsAndRefusedWhereItCannot() {
    assertEquals(
        LossBackend.TENSOR_OPS, LossBackends.resolve(LossBackendChoice.TENSOR_OPS, Device.CPU));
    assertEquals(LossBackend.TENSOR_OPS, LossBackends.resolve(LossBackendChoice.TENSOR_OPS, CUDA));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LossBackends.resolve(LossBackendChoice.JAVA_KERNEL, CUDA));
    assertTrue(e.getMessage().contains("java is not available for logits on cuda:0"), e.getMessage());
  }

  @Test
  void choicesParseFromTheirFlagNames() {
    assertEquals(LossBackendChoice.TENSOR_OPS, LossBackendChoice.parse("tensor_ops"));
    assertEquals(LossBackendChoice.JAVA_KERNEL, LossBackendChoice.parse("java"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LossBackendChoice.parse("cuda"));
    assertTrue(e.getMessage().contains("auto, java, tensor_ops"), e.getMessage());
  }
}
