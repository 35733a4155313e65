package org.rnnt4j.cli;

public final class Main {
  public static void main(String[] args) {}
}
