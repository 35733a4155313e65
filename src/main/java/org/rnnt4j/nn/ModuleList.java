package org.rnnt4j.nn;

/**
 * A container whose children are named by their index, like {@code torch.nn.ModuleList} /
 * {@code Sequential}. Indices of stateless layers (activations, dropout) may be left out, so the keys of
 * the stateful ones keep NeMo's numbering ({@code mconv.5.conv.weight}).
 */
public final class ModuleList extends Module {
  public <M extends Module> M put(int index, M module) {
    return registerModule(Integer.toString(index), module);
  }

  @SuppressWarnings("unchecked")
  public <M extends Module> M get(int index) {
    return (M) children().get(Integer.toString(index));
  }
}
