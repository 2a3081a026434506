package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's own JSON reader: plain strings are taken whole, escaped ones decoded. */
class JsonTest {
  @Test
  void stringsWithAndWithoutEscapesReadBackAsWritten() {
    Map<String, Object> value =
        Map.of(
            "plain", "no escapes here", "escaped", "a \"quote\", a \\ and\n\u00e9 \u2603", "", "");

    assertThat(Json.parseObject(Json.write(value))).isEqualTo(value);
    assertThat(Json.parse("[\"x\\u0041y\", \"tail\\\\\"]")).isEqualTo(List.of("xAy", "tail\\"));
  }

  @Test
  void anUnterminatedStringIsASyntaxError() {
    assertThatThrownBy(() -> Json.parse("{\"title\": \"never closed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected end");
  }
}
