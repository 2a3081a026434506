package dev.cairn.server.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

class QueryShapeTest {
  private static QueryShape shape(String query) {
    return QueryShape.of(Parser.parse(query));
  }

  @Test
  void aRootLevelFragmentSpreadCountsAsTheRootFieldsItSelects() {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      fields.append(" f").append(i).append(": _cairnSchemaHash");
    }
    String query = "query { ...many } fragment many on Query {" + fields + " }";

    assertThat(shape(query).maxRootFields()).isEqualTo(12);
  }

  @Test
  void inlineFragmentsAtTheRootCountTheirFields() {
    assertThat(
            shape("query { a: _cairnSchemaHash ... on Query { b: _cairnSchemaHash c: x } }")
                .maxRootFields())
        .isEqualTo(3);
  }

  @Test
  void aliasesInsideAFragmentCountOncePerSpread() {
    String query =
        "query { ...two ...two x { ...two } } fragment two on Query { a: _cairnSchemaHash b: y }";

    assertThat(shape(query).aliases()).isEqualTo(6);
  }

  @Test
  void fragmentsThatSpreadEachOtherManyTimesAreCountedWithoutExpandingThem() {
    StringBuilder query = new StringBuilder("query { ...f0 }");
    for (int i = 0; i < 40; i++) {
      query
          .append(" fragment f")
          .append(i)
          .append(" on Query { a: x ...f")
          .append(i + 1)
          .append(" ...f")
          .append(i + 1)
          .append(" }");
    }
    query.append(" fragment f40 on Query { a: x }");

    QueryShape shape = shape(query.toString());

    assertThat(shape.aliases()).isEqualTo(Integer.MAX_VALUE); // 2^41 - 1, saturated
  }

  @Test
  void aFragmentThatSpreadsItselfDoesNotLoop() {
    assertThat(shape("query { ...f } fragment f on Query { a: x ...f }").aliases()).isEqualTo(1);
  }
}
