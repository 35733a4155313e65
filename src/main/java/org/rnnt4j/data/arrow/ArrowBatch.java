package org.rnnt4j.data.arrow;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.DataException;

/**
 * One record batch: its columns as {@link ArrowVector}s over the (memory-mapped) body. Field nodes and
 * buffers are assigned to fields depth-first, as the IPC format lays them out.
 */
public final class ArrowBatch {
  private final int rows;
  private final Map<String, ArrowVector> columns;

  private ArrowBatch(int rows, Map<String, ArrowVector> columns) {
    this.rows = rows;
    this.columns = columns;
  }

  static ArrowBatch of(Path path, int index, List<ArrowField> fields, int rows, long[][] nodes, long[][] buffers, ByteBuffer body) {
    Cursor cursor = new Cursor(path, index, nodes, buffers, body);
    Map<String, ArrowVector> columns = new LinkedHashMap<>();
    for (ArrowField f : fields) {
      columns.put(f.name(), cursor.vector(f));
    }
    return new ArrowBatch(rows, columns);
  }

  public int rows() {
    return rows;
  }

  /** A top-level column, or null when there is none of that name. */
  public ArrowVector column(String name) {
    return columns.get(name);
  }

  /** Walks field nodes and buffers in order; unsupported types are skipped when their buffer count is known. */
  private static final class Cursor {
    private final Path path;
    private final int index;
    private final long[][] nodes;
    private final long[][] buffers;
    private final ByteBuffer body;
    private int node;
    private int buffer;

    Cursor(Path path, int index, long[][] nodes, long[][] buffers, ByteBuffer body) {
      this.path = path;
      this.index = index;
      this.nodes = nodes;
      this.buffers = buffers;
      this.body = body;
    }

    ArrowVector vector(ArrowField f) {
      if (node >= nodes.length) {
        throw new DataException(path, "record batch " + index + " has fewer field nodes than the schema (" + nodes.length + ")");
      }
      int length = (int) nodes[node++][0];
      ArrowType.Kind kind = f.type().kind();
      if (kind == ArrowType.Kind.UNSUPPORTED) {
        throw new DataException(path, "column " + f.name() + " has type " + f.type() + ", which this reader does not support");
      }
      ByteBuffer validity = kind.buffers >= 1 ? next() : null;
      ByteBuffer offsets = null;
      ByteBuffer data = null;
      switch (kind) {
        case BOOL, INT, FLOAT, OTHER_FIXED -> data = next();
        case UTF8, LARGE_UTF8, BINARY, LARGE_BINARY -> {
          offsets = next();
          data = next();
        }
        case LIST, LARGE_LIST -> offsets = next();
        default -> { }
      }
      List<ArrowVector> children = new ArrayList<>();
      for (ArrowField c : f.children()) {
        children.add(vector(c));
      }
      return new ArrowVector(f, length, validity, offsets, data, children);
    }

    private ByteBuffer next() {
      if (buffer >= buffers.length) {
        throw new DataException(path, "record batch " + index + " has fewer buffers than its schema needs (" + buffers.length + ")");
      }
      long[] b = buffers[buffer++];
      return body.slice((int) b[0], (int) b[1]);
    }
  }
}
