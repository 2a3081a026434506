package dev.cairn.server.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

class OperationLimitsInstrumentationTest {
  @Test
  void costsDependOnDirectiveVariablesAndPageSizeVariablesOnly() {
    var document =
        Parser.parse(
            "query ($f: ModelPostFilterInput, $n: Int, $t: String, $deep: Boolean!, $skip: Boolean!)"
                + " { listPosts(filter: $f, limit: $n, nextToken: $t) { items { id"
                + " comments @include(if: $deep) { items { id @skip(if: $skip) } } } } }");

    assertThat(OperationLimitsInstrumentation.costVariables(document))
        .containsExactly("n", "deep", "skip");
  }

  @Test
  void aMutationsCostsDependOnNoVariable() {
    var document =
        Parser.parse(
            "mutation operation($input: CreatePostInput!, $condition: ModelPostConditionInput) {"
                + " createPost(input: $input, condition: $condition) { id _version } }");

    assertThat(OperationLimitsInstrumentation.costVariables(document)).isEmpty();
  }
}
