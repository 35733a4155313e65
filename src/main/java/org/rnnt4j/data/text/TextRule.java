package org.rnnt4j.data.text;

/**
 * One rewrite of a transcript, one line of the Python recipe's {@code prepare_dataset}: a literal
 * replacement ({@link Replace}), a regular-expression substitution ({@link RegexReplace}), the Common Voice
 * quote rule ({@link StripEnclosingQuotes}) or Switchboard's word-level rules ({@link SwitchboardWords}).
 * Rules are applied in order, after lower-casing and before whitespace is collapsed.
 */
@FunctionalInterface
public interface TextRule {
  String apply(String text);
}
