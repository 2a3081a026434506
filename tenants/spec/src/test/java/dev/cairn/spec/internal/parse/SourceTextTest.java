package dev.cairn.spec.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.SourceLocation;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding the tokens graphql-java gives no position for, by GraphQL's lexical rules. */
class SourceTextTest {
  private static SourceLocation at(int line, int column) {
    return new SourceLocation(line, column, "schema.graphql");
  }

  private static String position(Optional<SourceLocation> location) {
    return location.map(l -> l.getLine() + ":" + l.getColumn()).orElse("none");
  }

  @Test
  void nameIsFoundAfterDescriptionKeywordsAndComments() {
    SourceText text =
        new SourceText(
            "\"\"\"\nA \\\"\"\" quote\n\"\"\"\nextend # why\n  type\n\n  Post @model { id: ID! }");

    assertThat(position(text.nameAfter(at(1, 1), "Post"))).isEqualTo("7:3");
  }

  @Test
  void columnsCountCodePointsAsGraphqlJavaDoes() {
    SourceText text = new SourceText("\"😀\" type Post { id: ID! }");

    assertThat(position(text.nameAfter(at(1, 1), "Post"))).isEqualTo("1:10");
  }

  @Test
  void crlfAndLoneCrEndLines() {
    SourceText text = new SourceText("enum A { X }\r\n\"d\"\renum B { Y }");

    assertThat(position(text.nameAfter(at(2, 1), "B"))).isEqualTo("3:6");
  }

  @Test
  void keyIsFoundBeforeItsValueAcrossLines() {
    SourceText text = new SourceText("{ allow: owner,\n  groupsField\n    :\n \"editors\" }");

    assertThat(position(text.keyBefore(at(4, 2), "groupsField"))).isEqualTo("2:3");
  }

  @Test
  void nothingIsFoundWhereTheTextIsNotWhatTheScanExpects() {
    SourceText text = new SourceText("{ groupsField # note\n: \"editors\" }\ntype Other");

    assertThat(text.keyBefore(at(2, 3), "groupsField")).isEmpty();
    assertThat(text.nameAfter(at(3, 1), "Post")).isEmpty();
    assertThat(text.nameAfter(at(9, 1), "Post")).isEmpty();
  }
}
