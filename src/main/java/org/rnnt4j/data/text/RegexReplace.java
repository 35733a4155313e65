package org.rnnt4j.data.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnt4j.util.Checks;

/**
 * Python's {@code re.sub(pattern, replacement, text)} for the recipe's patterns: {@code \w} and {@code \b}
 * are Unicode-aware as in Python 3 (UNICODE_CHARACTER_CLASS), and the replacement is literal.
 */
public record RegexReplace(Pattern pattern, String replacement) implements TextRule {
  public RegexReplace {
    Checks.notNull(pattern, "pattern");
    Checks.notNull(replacement, "replacement");
  }

  public static RegexReplace of(String regex, String replacement) {
    return new RegexReplace(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), replacement);
  }

  @Override
  public String apply(String text) {
    return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(replacement));
  }

  @Override
  public String toString() {
    return "RegexReplace[" + pattern.pattern() + " -> '" + replacement + "']";
  }
}
