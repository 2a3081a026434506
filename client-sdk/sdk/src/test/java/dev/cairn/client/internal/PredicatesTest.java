package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.testmodel.Post;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredicatesTest {
  @Test
  void predicatesBecomeAppSyncFilterJson() {
    var p =
        Post.RATING
            .gt(3)
            .and(Post.STATUS.eq(Post.Status.PUBLISHED))
            .or(Post.TITLE.between("a", "c").negate());

    assertThat(Json.write(Predicates.toFilter(p)))
        .isEqualTo(
            "{\"or\":[{\"and\":[{\"rating\":{\"gt\":3}},{\"status\":{\"eq\":\"PUBLISHED\"}}]},"
                + "{\"not\":{\"title\":{\"between\":[\"a\",\"c\"]}}}]}");
  }

  @Test
  void predicatesMatchNormalizedValuesInMemory() {
    Map<String, Object> record = Map.of("rating", 5L, "title", "bravo", "tags", List.of("x"));

    assertThat(Predicates.test(Post.RATING.gt(3).and(Post.TITLE.beginsWith("br")), record))
        .isTrue();
    assertThat(Predicates.test(Post.RATING.le(4), record)).isFalse();
    assertThat(Predicates.test(Post.STATUS.ne(Post.Status.DRAFT), record)).isTrue();
  }

  @Test
  void jsonRoundTripsTheWireValues() {
    String text = "{\"a\":[1,2.5,\"x\\n\\u00e9\",true,null],\"b\":{\"c\":-3}}";

    assertThat(Json.write(Json.parse(text)))
        .isEqualTo("{\"a\":[1,2.5,\"x\\né\",true,null],\"b\":{\"c\":-3}}");
  }
}
