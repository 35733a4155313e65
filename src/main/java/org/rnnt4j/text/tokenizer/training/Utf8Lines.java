package org.rnnt4j.text.tokenizer.training;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.rnnt4j.util.DataException;

/**
 * Training input as raw UTF-8 lines, split at {@code '\n'} only (like {@code std::getline} in
 * SentencePiece's file reader, so a {@code '\r'} stays part of the line and is left to the
 * normalizer). Bytes are passed on undecoded, so malformed UTF-8 is handled exactly as the
 * reference does.
 */
public final class Utf8Lines {
  private Utf8Lines() {}

  /** The lines of the files, one file after another; read lazily. */
  static Iterator<byte[]> of(List<Path> files) {
    List<Iterator<byte[]>> parts = new ArrayList<>();
    for (Path f : files) {
      parts.add(lazy(f));
    }
    return concat(parts);
  }

  static Iterator<byte[]> ofStrings(List<String> texts) {
    return texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).iterator();
  }

  private static Iterator<byte[]> lazy(Path file) {
    return new Iterator<>() {
      private InputStream in;
      private byte[] next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          next = readLine();
        }
        return next != null;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        byte[] line = next;
        next = null;
        return line;
      }

      private byte[] readLine() {
        try {
          if (in == null) {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
          }
          ByteArrayOutputStream line = new ByteArrayOutputStream();
          int b;
          while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
          }
          if (b == -1) {
            in.close();
            done = true;
            if (line.size() == 0) {
              return null;
            }
          }
          return line.toByteArray();
        } catch (IOException e) {
          throw new DataException(
              file, "cannot read training text: " + e.getMessage(), new UncheckedIOException(e));
        }
      }
    };
  }

  private static Iterator<byte[]> concat(List<Iterator<byte[]>> parts) {
    return new Iterator<>() {
      private int index;

      @Override
      public boolean hasNext() {
        while (index < parts.size() && !parts.get(index).hasNext()) {
          index++;
        }
        return index < parts.size();
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return parts.get(index).next();
      }
    };
  }
}
