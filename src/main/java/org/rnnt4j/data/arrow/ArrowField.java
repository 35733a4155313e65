package org.rnnt4j.data.arrow;

import java.util.List;
import java.util.Optional;

/** A field of an Arrow schema: a column, or a child of a struct or list column. */
public record ArrowField(String name, boolean nullable, ArrowType type, List<ArrowField> children) {
  public ArrowField {
    children = List.copyOf(children);
  }

  public Optional<ArrowField> child(String childName) {
    return children.stream().filter(c -> c.name().equals(childName)).findFirst();
  }

  /** This field and its descendants, in the depth-first order of IPC field nodes. */
  int nodeCount() {
    int n = 1;
    for (ArrowField c : children) {
      n += c.nodeCount();
    }
    return n;
  }

  @Override
  public String toString() {
    if (children.isEmpty()) {
      return name + ": " + type;
    }
    return name + ": " + type + children.stream().map(ArrowField::toString).toList();
  }
}
