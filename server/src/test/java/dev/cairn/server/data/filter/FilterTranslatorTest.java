package dev.cairn.server.data.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import dev.cairn.server.data.DataException;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.TestSchemas;
import dev.cairn.server.data.filter.FilterTranslator.Kind;
import dev.cairn.spec.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Filters translated here run as real queries through the driver on the embedded stand-in. */
class FilterTranslatorTest {
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  static MongoCollection<Document> notes;
  static final Model NOTE = TestSchemas.note();

  @BeforeAll
  static void seed() {
    notes = mongo.client().getDatabase("filters").getCollection("Note");
    notes.insertMany(
        List.of(
            note("a", "Alpha", 5, 1.5, true, "HAPPY", List.of("x", "y"), false),
            note("b", "Beta.*", 3, 2.5, false, "SAD", List.of("y"), false),
            note("c", "alphabet", 1, null, null, null, List.of(), true),
            new Document("_id", "d")
                .append("id", "d")
                .append("title", "$where")
                .append("_deleted", false)));
  }

  static Document note(
      String id,
      String title,
      Integer rating,
      Double score,
      Boolean done,
      String mood,
      List<String> tags,
      boolean deleted) {
    return new Document("_id", id)
        .append("id", id)
        .append("title", title)
        .append("rating", rating)
        .append("score", score)
        .append("done", done)
        .append("mood", mood)
        .append("tags", tags)
        .append("_deleted", deleted);
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of("{}", List.of("a", "b", "c", "d")),
        Arguments.of("{title: {eq: 'Alpha'}}", List.of("a")),
        Arguments.of("{title: {ne: 'Alpha'}}", List.of("b", "c", "d")),
        Arguments.of("{rating: {gt: 1}}", List.of("a", "b")),
        Arguments.of("{rating: {ge: 3}}", List.of("a", "b")),
        Arguments.of("{rating: {lt: 3}}", List.of("c")),
        Arguments.of("{rating: {le: 3}}", List.of("b", "c")),
        Arguments.of("{rating: {between: [2, 5]}}", List.of("a", "b")),
        Arguments.of("{score: {gt: 2.0}}", List.of("b")),
        Arguments.of("{title: {contains: 'lph'}}", List.of("a", "c")),
        Arguments.of("{title: {contains: '.*'}}", List.of("b")),
        Arguments.of("{title: {notContains: 'lph'}}", List.of("b", "d")),
        Arguments.of("{title: {beginsWith: 'Al'}}", List.of("a")),
        Arguments.of("{title: {beginsWith: 'Beta.'}}", List.of("b")),
        Arguments.of("{title: {beginsWith: '.'}}", List.of()),
        Arguments.of("{tags: {contains: 'y'}}", List.of("a", "b")),
        Arguments.of("{tags: {notContains: 'x'}}", List.of("b", "c", "d")),
        Arguments.of("{rating: {attributeExists: false}}", List.of("d")),
        Arguments.of("{rating: {attributeExists: true}}", List.of("a", "b", "c")),
        Arguments.of("{mood: {attributeType: 'string'}}", List.of("a", "b")),
        Arguments.of("{tags: {attributeType: 'list'}}", List.of("a", "b", "c")),
        Arguments.of("{title: {size: {eq: 5}}}", List.of("a")),
        Arguments.of("{title: {size: {gt: 5}}}", List.of("b", "c", "d")),
        Arguments.of("{title: {size: {between: [5, 6]}}}", List.of("a", "b", "d")),
        Arguments.of("{tags: {size: {eq: 1}}}", List.of("b")),
        Arguments.of("{tags: {size: {ge: 1}}}", List.of("a", "b")),
        Arguments.of("{tags: {size: {lt: 2}}}", List.of("b", "c")),
        Arguments.of("{done: {eq: true}}", List.of("a")),
        Arguments.of("{_deleted: {ne: true}}", List.of("a", "b", "d")),
        Arguments.of("{and: [{rating: {gt: 1}}, {mood: {eq: 'SAD'}}]}", List.of("b")),
        Arguments.of("{or: [{rating: {eq: 1}}, {mood: {eq: 'HAPPY'}}]}", List.of("a", "c")),
        Arguments.of("{not: {rating: {gt: 1}}}", List.of("c", "d")),
        Arguments.of("{and: []}", List.of("a", "b", "c", "d")),
        Arguments.of("{rating: {gt: 1, lt: 5}}", List.of("b")));
  }

  @ParameterizedTest(name = "{0} matches {1}")
  @MethodSource("filters")
  void filterMatchesExactlyTheExpectedRecords(String filter, List<String> expected) {
    Document query = FilterTranslator.translate(NOTE, Kind.FILTER, Document.parse(filter));

    List<String> ids = new ArrayList<>();
    notes.find(query).forEach(d -> ids.add(d.getString("_id")));

    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("{'$where': {eq: 1}}", "`$where` is not a field of Note"),
        Arguments.of("{\"title.length\": {eq: 1}}", "`title.length` is not a field of Note"),
        Arguments.of("{_version: {eq: 1}}", "`_version` is not a field of Note"),
        Arguments.of(
            "{title: {eq: {'$gt': ''}}}",
            "must be a string, number or boolean value, not an object"),
        Arguments.of("{title: {eq: ['a']}}", "not a list"),
        Arguments.of("{title: {'$regex': '.*'}}", "`$regex` is not a filter operator"),
        Arguments.of("{title: {'$ne': null}}", "`$ne` is not a filter operator"),
        Arguments.of("{title: 'Alpha'}", "`title` must be an input object"),
        Arguments.of("{and: {title: {eq: 'a'}}}", "`and` must be a list of filters"),
        Arguments.of("{or: []}", "`or` needs at least one filter"),
        Arguments.of("{rating: {between: [1]}}", "needs exactly two values"),
        Arguments.of("{rating: {gt: null}}", "`gt` of `rating` needs a value"),
        Arguments.of(
            "{title: {attributeType: '$where'}}", "`attributeType` of `title` must be one of"),
        Arguments.of("{title: {size: {eq: -1}}}", "needs a whole number between 0 and"),
        Arguments.of("{title: {size: {'$gt': 1}}}", "`size.$gt` of `title` is not a size operator"),
        Arguments.of("{title: {beginsWith: 5}}", "needs a string"));
  }

  @ParameterizedTest(name = "{0} is rejected")
  @MethodSource("rejected")
  void filterThatCouldInjectIsRejectedWithAMessageNamingTheProblem(String filter, String message) {
    assertThatThrownBy(() -> FilterTranslator.translate(NOTE, Kind.FILTER, Document.parse(filter)))
        .isInstanceOf(DataException.InvalidInput.class)
        .hasMessageContaining(message);
  }

  @Test
  void conditionCannotUsePrimaryKeyFields() {
    assertThatThrownBy(
            () -> FilterTranslator.translate(NOTE, Kind.CONDITION, Map.of("id", Map.of("eq", "a"))))
        .isInstanceOf(DataException.InvalidInput.class)
        .hasMessageContaining("`id` is a primary-key field of Note");
  }

  @Test
  void deeplyNestedFilterIsRejected() {
    Map<String, Object> filter = new LinkedHashMap<>(Map.of("title", Map.of("eq", "a")));
    for (int i = 0; i < 20; i++) {
      filter = new LinkedHashMap<>(Map.of("not", filter));
    }
    Map<String, Object> input = filter;
    assertThatThrownBy(() -> FilterTranslator.translate(NOTE, Kind.FILTER, input))
        .isInstanceOf(DataException.InvalidInput.class)
        .hasMessageContaining("nest deeper than");
  }

  @Test
  void regexMetacharactersInValuesMatchLiterally() {
    assertThat(FilterTranslator.escape("a.b*(c)$")).isEqualTo("a\\.b\\*\\(c\\)\\$");
  }

  @Test
  void nullFilterMatchesEverything() {
    assertThat(FilterTranslator.translate(NOTE, Kind.FILTER, null)).isEmpty();
  }
}
