package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.optim.AdamW8bit;
import org.rnnt4j.optim.Optimizer;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * 8-bit AdamW's state in {@code checkpoint-N/}: the optimizer file records {@code type adamw_bnb_8bit},
 * bitsandbytes' names (state1, absmax1, state2, absmax2, qmap1, qmap2) and reads back bit for bit; an
 * optimizer restored from it takes the next step exactly as the one that wrote it; AdamW's file keeps its
 * names and {@code type adamw}; a file with another quantisation map is refused.
 */
class EightBitOptimizerCheckpointTest {
  private static TrainedStates trained;

  @BeforeAll
  static void train() {
    trained = TrainedStates.build(77);
  }

  /** An 8-bit AdamW over the dummy model's parameters after 3 steps (every parameter a gradient). */
  private static AdamW8bit stepped(Map<String, Tensor> params) {
    AdamW8bit optimizer = new AdamW8bit(params, Set.of(params.keySet().iterator().next()), 0.9, 0.98, 1e-9, 0.01);
    for (int k = 0; k < 3; k++) {
      descend(params);
      optimizer.step(1e-3);
      optimizer.zeroGrad();
    }
    return optimizer;
  }

  private static void descend(Map<String, Tensor> params) {
    Tensor loss = Tensor.scalar(0f);
    for (Tensor p : params.values()) {
      loss = loss.add(p.square().sum().mul(0.5)).add(p.sum());
    }
    loss.backward();
  }

  private static Map<String, Tensor> copies(Map<String, Tensor> params) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    params.forEach((name, p) -> out.put(name, p.detach().cloneTensor().retain().requiresGrad(true)));
    return out;
  }

  private static TrainingState with(OptimizerState optimizer) {
    TrainingState s = trained.state;
    return new TrainingState(s.model(), optimizer, s.schedule(), s.rng(), s.trainerState(), s.sections());
  }

  @Test
  void theStateRoundTripsAndTheRestoredOptimizerStepsAlike(@TempDir Path tmp) {
    Engine.seed(5);
    Map<String, Tensor> params = copies(trained.model.namedParameters());
    AdamW8bit written = stepped(params);
    assertFalse(written.quantized().isEmpty(), "the dummy model has tensors of 4096 elements and more");
    TrainingState state = with(OptimizerState.of(written));
    Path dir = tmp.resolve("checkpoint-5");
    TrainingCheckpointWriter.write(dir, state);
    TrainingState back = TrainingCheckpointReader.read(dir);
    assertEquals(state.optimizer(), back.optimizer());
    assertEquals(OptimizerName.ADAMW_BNB_8BIT, back.optimizer().optim());
    assertEquals(written.quantized(), back.optimizer().quantized().keySet());

    SafeTensorsFile file = SafeTensors.read(dir.resolve(OptimizerState.FILE));
    assertEquals("adamw_bnb_8bit", file.metadata().get("type"));
    assertTrue(file.contains("qmap1") && file.contains("qmap2"));
    String large = written.quantized().iterator().next();
    assertEquals(org.rnnt4j.util.safetensors.DType.U8, file.tensor("state1." + large).dtype());
    assertEquals(org.rnnt4j.util.safetensors.DType.F32, file.tensor("absmax2." + large).dtype());

    // the live state, bit for bit
    written.quantizedMoments().forEach((name, q) -> {
      OptimizerState.QuantizedParameterMoments read = back.optimizer().quantized().get(name);
      assertArrayEquals(q.state1().toLongArray(), read.state1().toLongArray(), "state1." + name);
      assertArrayEquals(q.state2().toLongArray(), read.state2().toLongArray(), "state2." + name);
      assertEquals(org.rnnt4j.engine.Arrays.toArray(q.absmax1()), read.absmax1(), "absmax1." + name);
      assertEquals(org.rnnt4j.engine.Arrays.toArray(q.absmax2()), read.absmax2(), "absmax2." + name);
      assertEquals(3, read.step());
    });

    Map<String, Tensor> restoredParams = copies(params);
    Optimizer restored = new AdamW8bit(restoredParams, written.decayed(), 0.9, 0.98, 1e-9, 0.01);
    restored.loadState(back.optimizer().stateTensors(), back.optimizer().stepCount());
    descend(params);
    written.step(1e-3);
    descend(restoredParams);
    restored.step(1e-3);
    params.forEach((name, p) ->
        assertArrayEquals(p.toFloatArray(), restoredParams.get(name).toFloatArray(), 0f, name + " after the next step"));
  }

  @Test
  void adamWsFileKeepsItsNamesAndType(@TempDir Path tmp) {
    Path file = tmp.resolve(OptimizerState.FILE);
    trained.state.optimizer().write(file);
    SafeTensorsFile st = SafeTensors.read(file);
    assertEquals("adamw", st.metadata().get("type"));
    assertFalse(st.metadata().containsKey("block_size"));
    for (String key : st.tensors().keySet()) {
      assertTrue(key.startsWith("exp_avg.") || key.startsWith("exp_avg_sq.") || key.startsWith("step."), key);
    }
    assertEquals(OptimizerName.ADAMW_TORCH, OptimizerState.read(file).optim());
  }

  @Test
  void aFileQuantisedWithAnotherMapIsRefused(@TempDir Path tmp) {
    Engine.seed(6);
    Path file = tmp.resolve(OptimizerState.FILE);
    OptimizerState.of(stepped(copies(trained.model.namedParameters()))).write(file);
    SafeTensorsFile st = SafeTensors.read(file);
    Map<String, NamedArray> tensors = new LinkedHashMap<>(st.tensors());
    float[] map = tensors.get("qmap2").toFloatArray();
    map[100] *= 1.01f; // another map; a few ulps (another PyTorch's linspace) would be accepted
    tensors.put("qmap2", NamedArray.ofFloats(new long[] {256}, map));
    SafeTensors.write(file, tensors, st.metadata());
    FormatException e = assertThrows(FormatException.class, () -> OptimizerState.read(file));
    assertTrue(e.getMessage().contains("qmap2"), e.getMessage());

    Map<String, String> meta = new LinkedHashMap<>(st.metadata());
    meta.put("type", "adafactor");
    SafeTensors.write(file, st.tensors(), meta);
    FormatException unknown = assertThrows(FormatException.class, () -> OptimizerState.read(file));
    assertTrue(unknown.getMessage().contains("adamw, adam, adamw_bnb_8bit"), unknown.getMessage());
  }
}
