package org.rnnt4j.checkpoint.nemo;

/**
 * Which records a written {@code torch.save} zip holds besides {@code data.pkl}, {@code data/*} and
 * {@code version}. Every PyTorch from 1.6 on reads both.
 */
public enum TorchZipLayout {
  /**
   * Adds {@code byteorder} ({@code little}) after {@code data.pkl}, as PyTorch 2.1 and later write
   * it. The newer optional records ({@code .data/serialization_id}, {@code .format_version}, ...)
   * are not written.
   */
  WITH_BYTEORDER,
  /**
   * PyTorch 1.6 to 2.0, for example the 1.13 that wrote the test fixtures: no {@code byteorder}
   * record.
   */
  WITHOUT_BYTEORDER
}
