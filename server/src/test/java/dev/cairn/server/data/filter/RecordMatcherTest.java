package dev.cairn.server.data.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordMatcherTest {
  private static final Map<String, Object> POST =
      Map.of(
          "id",
          "p1",
          "title",
          "Hello offline world",
          "rating",
          4,
          "score",
          2.5,
          "published",
          true,
          "tags",
          List.of("sync", "java"),
          "status",
          "DRAFT");

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of(null, true),
        Arguments.of(Map.of(), true),
        Arguments.of(Map.of("rating", Map.of("eq", 4)), true),
        Arguments.of(Map.of("rating", Map.of("eq", 4L)), true),
        Arguments.of(Map.of("score", Map.of("eq", 2.50)), true),
        Arguments.of(Map.of("rating", Map.of("ne", 4)), false),
        Arguments.of(Map.of("rating", Map.of("gt", 3, "lt", 5)), true),
        Arguments.of(Map.of("rating", Map.of("ge", 5)), false),
        Arguments.of(Map.of("rating", Map.of("le", 4)), true),
        Arguments.of(Map.of("rating", Map.of("between", List.of(1, 4))), true),
        Arguments.of(Map.of("rating", Map.of("between", List.of(5, 9))), false),
        Arguments.of(Map.of("rating", Map.of("in", List.of(1, 4))), true),
        Arguments.of(Map.of("rating", Map.of("notIn", List.of(1, 4))), false),
        Arguments.of(Map.of("title", Map.of("beginsWith", "Hello")), true),
        Arguments.of(Map.of("title", Map.of("beginsWith", "offline")), false),
        Arguments.of(Map.of("title", Map.of("contains", "offline")), true),
        Arguments.of(Map.of("title", Map.of("notContains", "offline")), false),
        Arguments.of(Map.of("tags", Map.of("contains", "java")), true),
        Arguments.of(Map.of("tags", Map.of("contains", "jav")), false),
        Arguments.of(Map.of("published", Map.of("eq", true)), true),
        Arguments.of(Map.of("status", Map.of("eq", "DRAFT")), true),
        Arguments.of(Map.of("missing", Map.of("eq", "x")), false),
        Arguments.of(Map.of("missing", Map.of("ne", "x")), true),
        Arguments.of(Map.of("missing", Map.of("gt", 1)), false),
        Arguments.of(
            Map.of(
                "or",
                List.of(
                    Map.of("rating", Map.of("eq", 1)),
                    Map.of("title", Map.of("contains", "world")))),
            true),
        Arguments.of(
            Map.of(
                "and",
                List.of(
                    Map.of("rating", Map.of("eq", 4)), Map.of("published", Map.of("eq", false)))),
            false),
        Arguments.of(
            Map.of(
                "rating",
                Map.of("eq", 4),
                "or",
                List.of(Map.of("status", Map.of("eq", "PUBLISHED")))),
            false));
  }

  @ParameterizedTest
  @MethodSource("filters")
  void evaluatesSubscriptionFiltersOnARecord(Map<String, Object> filter, boolean expected) {
    assertThat(new RecordMatcher(filter).matches(POST)).isEqualTo(expected);
  }
}
