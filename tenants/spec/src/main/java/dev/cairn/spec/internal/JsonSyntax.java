package dev.cairn.spec.internal;

/** A strict RFC 8259 syntax check, so the spec module needs no JSON library for AWSJSON. */
public final class JsonSyntax {
  private final String text;
  private int pos;

  private JsonSyntax(String text) {
    this.text = text;
  }

  public static boolean isValid(String text) {
    JsonSyntax parser = new JsonSyntax(text);
    try {
      parser.skipWhitespace();
      parser.value();
      parser.skipWhitespace();
      return parser.pos == text.length();
    } catch (IllegalStateException | StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  private void value() {
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void object() {
    pos++;
    skipWhitespace();
    if (text.charAt(pos) == '}') {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      value();
      skipWhitespace();
      if (text.charAt(pos) == ',') {
        pos++;
      } else {
        expect('}');
        return;
      }
    }
  }

  private void array() {
    pos++;
    skipWhitespace();
    if (text.charAt(pos) == ']') {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      value();
      skipWhitespace();
      if (text.charAt(pos) == ',') {
        pos++;
      } else {
        expect(']');
        return;
      }
    }
  }

  private void string() {
    expect('"');
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        throw new IllegalStateException("control character in string");
      }
      if (c == '\\') {
        char e = text.charAt(pos++);
        if (e == 'u') {
          for (int i = 0; i < 4; i++) {
            if (Character.digit(text.charAt(pos++), 16) < 0) {
              throw new IllegalStateException("bad unicode escape");
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw new IllegalStateException("bad escape");
        }
      }
    }
  }

  private void number() {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    if (text.charAt(pos) == '0') {
      pos++;
    } else {
      digits();
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (text.charAt(pos) == '+' || text.charAt(pos) == '-') {
        pos++;
      }
      digits();
    }
    if (pos == start) {
      throw new IllegalStateException("not a value");
    }
  }

  private void digits() {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw new IllegalStateException("digit expected");
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw new IllegalStateException(word + " expected");
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (text.charAt(pos) != c) {
      throw new IllegalStateException(c + " expected");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }
}
