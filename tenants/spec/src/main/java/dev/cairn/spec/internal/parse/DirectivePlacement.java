package dev.cairn.spec.internal.parse;

import graphql.language.Directive;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where each directive of the tenant dialect may be used, as Amplify's directive definitions say
 * ({@code directive @model on OBJECT}, {@code directive @auth on OBJECT | FIELD_DEFINITION}, ...),
 * and the errors for a directive that is unknown, unsupported, used where its definition does not
 * allow it or repeated without being {@code repeatable}. Every error is reported at the {@code
 * @directive} token.
 */
final class DirectivePlacement {
  /** The places a directive can be written in a tenant schema. */
  enum Place {
    MODEL("@model types"),
    MODEL_FIELD("fields of @model types"),
    EMBEDDED_TYPE("types without @model"),
    EMBEDDED_FIELD("fields of types without @model"),
    ENUM("enums"),
    ENUM_VALUE("enum values"),
    OTHER_DEFINITION("interfaces, inputs, unions and scalars");

    private final String plural;

    Place(String plural) {
      this.plural = plural;
    }
  }

  private static final Map<String, Set<Place>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("model", EnumSet.of(Place.MODEL));
    ALLOWED.put("auth", EnumSet.of(Place.MODEL, Place.MODEL_FIELD));
    // Cairn's own; the prefix keeps it clear of every directive Amplify has or will declare.
    ALLOWED.put(FeatureFlagReader.DIRECTIVE, EnumSet.of(Place.MODEL, Place.MODEL_FIELD));
    for (String onField :
        new String[] {
          "primaryKey",
          "index",
          "default",
          "conflict",
          "hasOne",
          "hasMany",
          "belongsTo",
          "manyToMany"
        }) {
      ALLOWED.put(onField, EnumSet.of(Place.MODEL_FIELD));
    }
    // GraphQL's own; Amplify passes it through. Accepted, and not carried into the API.
    ALLOWED.put(
        "deprecated",
        EnumSet.of(Place.MODEL_FIELD, Place.EMBEDDED_FIELD, Place.ENUM, Place.ENUM_VALUE));
  }

  /** The only directive Amplify declares {@code repeatable} among those Cairn reads. */
  private static final Set<String> REPEATABLE = Set.of("index");

  private static final Map<String, String> UNSUPPORTED =
      Map.ofEntries(
          Map.entry("key", "it is Amplify's v1 syntax; use @primaryKey or @index"),
          Map.entry("connection", "it is Amplify's v1 syntax; use @hasOne, @hasMany or @belongsTo"),
          Map.entry("searchable", "full-text search is not available"),
          Map.entry("function", "Lambda resolvers are not available"),
          Map.entry("http", "HTTP resolvers are not available"),
          Map.entry("predictions", "AI predictions are not available"),
          Map.entry("versioned", "every model is versioned already (_version)"),
          Map.entry("mapsTo", "renaming stored models is not available"),
          Map.entry("refersTo", "SQL data sources are not available"),
          Map.entry("sql", "SQL data sources are not available"),
          Map.entry("validate", "field validation directives are not available"),
          Map.entry("generation", "AI generation routes are not available"),
          Map.entry("conversation", "AI conversation routes are not available"));

  private final Diagnostics diagnostics;

  DirectivePlacement(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /**
   * The directives of one place that may be read: each known, allowed at {@code place} and, unless
   * repeatable, used once; reports every other one.
   *
   * @param where the place in words for the message, e.g. "enum `Size`"
   */
  List<Directive> allowed(List<Directive> directives, Place place, String where) {
    List<Directive> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Directive directive : directives) {
      if (!check(directive, place, where)) {
        continue;
      }
      String name = directive.getName();
      if (!seen.add(name) && !REPEATABLE.contains(name)) {
        diagnostics.error(
            directive, "@" + name + " is used twice on " + where + "; keep one (merge them)");
        continue;
      }
      out.add(directive);
    }
    return out;
  }

  /**
   * Checks that {@code directive} is known and may be used at {@code place}; reports it otherwise.
   *
   * @param where the place in words for the message, e.g. "enum `Size`"
   * @return whether the caller should read the directive
   */
  private boolean check(Directive directive, Place place, String where) {
    String name = directive.getName();
    Set<Place> allowed = ALLOWED.get(name);
    if (allowed == null) {
      unknown(directive, place, where);
      return false;
    }
    if (!allowed.contains(place)) {
      diagnostics.error(
          directive,
          "@"
              + name
              + " cannot be used on "
              + where
              + "; @"
              + name
              + " may be used on "
              + describe(name));
      return false;
    }
    return true;
  }

  private void unknown(Directive directive, Place place, String where) {
    String name = directive.getName();
    if (UNSUPPORTED.containsKey(name)) {
      diagnostics.error(
          directive, "@" + name + " is not supported by Cairn: " + UNSUPPORTED.get(name));
    } else if (name.startsWith("aws_")) {
      diagnostics.error(
          directive, "@" + name + " is AppSync output, not input; use @auth rules instead");
    } else {
      Set<String> here =
          ALLOWED.entrySet().stream()
              .filter(e -> e.getValue().contains(place))
              .map(Map.Entry::getKey)
              .collect(Collectors.toCollection(TreeSet::new));
      diagnostics.error(
          directive,
          "unknown directive @"
              + name
              + " on "
              + where
              + "; "
              + (here.isEmpty()
                  ? "no directive may be used here"
                  : "allowed here: " + Args.describe(here))
              + Names.suggest(name, ALLOWED.keySet()));
    }
  }

  private static String describe(String name) {
    if (name.equals("model")) {
      return "object types (`type Post @model { ... }`)";
    }
    List<String> places = ALLOWED.get(name).stream().map(p -> p.plural).toList();
    return places.size() == 1
        ? places.get(0)
        : String.join(", ", places.subList(0, places.size() - 1))
            + " and "
            + places.get(places.size() - 1);
  }
}
