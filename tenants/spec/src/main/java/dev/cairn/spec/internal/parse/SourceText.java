package dev.cairn.spec.internal.parse;

import graphql.language.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text of one schema file, for finding tokens graphql-java records no position for: the name of
 * a definition or field (whose node starts at its description or keyword) and the key of an
 * object-literal field. Lines and columns are 1-based, columns counted in code points as
 * graphql-java counts them. Scans follow GraphQL's lexical rules for ignored tokens (white space,
 * commas, comments) and strings; when the text is not what a scan expects it finds nothing.
 */
final class SourceText {
  private static final int MAX_WORDS_BEFORE_NAME = 3;
  private final String text;
  private final List<Integer> lineStarts = new ArrayList<>();

  SourceText(String text) {
    this.text = text;
    lineStarts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
        lineStarts.add(i + 1);
      } else if (c == '\n' || c == '\r') {
        lineStarts.add(i + 1);
      }
    }
  }

  /**
   * Where {@code name} is declared in the definition starting at {@code start}: after an optional
   * description and at most a few keywords ({@code extend type}, {@code enum}, ...).
   */
  Optional<SourceLocation> nameAfter(SourceLocation start, String name) {
    Optional<Integer> index = index(start);
    if (index.isEmpty()) {
      return Optional.empty();
    }
    int i = skipIgnored(index.get());
    if (i < text.length() && text.charAt(i) == '"') {
      i = skipIgnored(skipString(i));
    }
    for (int words = 0; words <= MAX_WORDS_BEFORE_NAME && i < text.length(); words++) {
      int end = nameEnd(i);
      if (end == i) {
        return Optional.empty();
      }
      if (text.substring(i, end).equals(name)) {
        return Optional.of(location(i, start.getSourceName()));
      }
      i = skipIgnored(end);
    }
    return Optional.empty();
  }

  /** The first token of the definition starting at {@code start}, after its description. */
  Optional<SourceLocation> afterDescription(SourceLocation start) {
    Optional<Integer> index = index(start);
    if (index.isEmpty() || index.get() >= text.length() || text.charAt(index.get()) != '"') {
      return Optional.empty();
    }
    return Optional.of(location(skipIgnored(skipString(index.get())), start.getSourceName()));
  }

  /** The key {@code key} of the object field whose value starts at {@code valueStart}. */
  Optional<SourceLocation> keyBefore(SourceLocation valueStart, String key) {
    Optional<Integer> index = index(valueStart);
    if (index.isEmpty()) {
      return Optional.empty();
    }
    int i = index.get() - 1;
    while (i >= 0 && isBlank(text.charAt(i))) {
      i--;
    }
    if (i < 0 || text.charAt(i) != ':') {
      return Optional.empty();
    }
    i--;
    while (i >= 0 && isBlank(text.charAt(i))) {
      i--;
    }
    int start = i + 1 - key.length();
    if (start < 0 || !text.startsWith(key, start)) {
      return Optional.empty();
    }
    return Optional.of(location(start, valueStart.getSourceName()));
  }

  private Optional<Integer> index(SourceLocation location) {
    if (location == null || location.getLine() < 1 || location.getLine() > lineStarts.size()) {
      return Optional.empty();
    }
    int lineStart = lineStarts.get(location.getLine() - 1);
    try {
      return Optional.of(text.offsetByCodePoints(lineStart, location.getColumn() - 1));
    } catch (IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private SourceLocation location(int index, String sourceName) {
    int line = 0;
    while (line + 1 < lineStarts.size() && lineStarts.get(line + 1) <= index) {
      line++;
    }
    int column = text.codePointCount(lineStarts.get(line), index) + 1;
    return new SourceLocation(line + 1, column, sourceName);
  }

  private int skipIgnored(int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
      } else if (isBlank(c) || c == '\uFEFF') {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r';
  }

  /** The index just after the string (block or plain) starting at {@code from}. */
  private int skipString(int from) {
    if (text.startsWith("\"\"\"", from)) {
      int i = from + 3;
      while (i < text.length()) {
        if (text.startsWith("\\\"\"\"", i)) {
          i += 4;
        } else if (text.startsWith("\"\"\"", i)) {
          return i + 3;
        } else {
          i++;
        }
      }
      return i;
    }
    int i = from + 1;
    while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, text.length());
  }

  private int nameEnd(int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (letter || (i > from && c >= '0' && c <= '9')) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }
}
