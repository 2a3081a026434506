package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.Index;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Cairn's {@code @cairnFlag(key: "new-inbox")}, which gates a model or a field by a boolean
 * feature flag evaluated for each caller, and checks where a field gate may stand: a field that
 * reads as null for callers without the flag must be nullable, and it may not be one the server or
 * the sync protocol needs to see (primary key, owner or groups field, relation).
 *
 * <p>The {@code cairn} prefix keeps the directive clear of Amplify's directives, present and
 * future. The flag itself lives in the tenant's flag set, which changes without a schema version,
 * so only the key's spelling is checked here; a key no flag has gates the data closed.
 */
final class FeatureFlagReader {
  static final String DIRECTIVE = "cairnFlag";

  /** The spelling of a flag key, as the flag set requires it. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Diagnostics diagnostics;
  private final Args args;

  FeatureFlagReader(Diagnostics diagnostics, Args args) {
    this.diagnostics = diagnostics;
    this.args = args;
  }

  /** The flag key of one {@code @cairnFlag}, or empty after reporting what is wrong with it. */
  Optional<String> read(Directive directive) {
    Map<String, Argument> arguments = args.of(directive, Set.of("key"));
    Argument keyArg = arguments.get("key");
    if (keyArg == null) {
      diagnostics.error(
          directive,
          "@"
              + DIRECTIVE
              + " needs `key`, the boolean flag that gates it, e.g. @"
              + DIRECTIVE
              + "(key: \"new-inbox\")");
      return Optional.empty();
    }
    Optional<String> key = args.string(keyArg.getValue(), "@" + DIRECTIVE + " `key`");
    if (key.isPresent() && !KEY.matcher(key.get()).matches()) {
      diagnostics.error(
          keyArg.getValue(),
          "@"
              + DIRECTIVE
              + " key `"
              + key.get()
              + "` is not a flag key; use 1 to 100 letters, digits, `.`, `_` or `-`, starting"
              + " with a letter or digit");
      return Optional.empty();
    }
    return key;
  }

  /** Checks every gated field of {@code model}; run once its keys, relations and auth are known. */
  void checkGatedFields(ModelDraft model, List<AuthRule> rules) {
    for (FieldDraft field : model.allFields()) {
      if (field.featureFlag == null) {
        continue;
      }
      String problem = problem(model, field, rules);
      if (problem != null) {
        diagnostics.error(
            field.featureFlagDirective,
            "@" + DIRECTIVE + " on field `" + field.name + "` of `" + model.name + "`: " + problem);
        field.featureFlag = null;
      } else if (field.featureFlag.equals(model.featureFlag)) {
        diagnostics.error(
            field.featureFlagDirective,
            "@"
                + DIRECTIVE
                + " on field `"
                + field.name
                + "` of `"
                + model.name
                + "` repeats the model's gate `"
                + field.featureFlag
                + "`; remove it from the field");
        field.featureFlag = null;
      }
    }
  }

  private static String problem(ModelDraft model, FieldDraft field, List<AuthRule> rules) {
    if (model.primaryKey.fields().contains(field.name)) {
      return "a primary key field cannot be gated (every caller needs the key); gate the model"
          + " instead";
    }
    if (field.relationDirective != null || field.type.kind() == TypeKind.MODEL) {
      return "relation fields cannot be gated; gate the related model with @"
          + DIRECTIVE
          + " instead";
    }
    for (FieldDraft other : model.allFields()) {
      if (other.relation != null && other.relation.localFields().contains(field.name)) {
        return "it holds the key of relation `"
            + other.name
            + "`, which every caller needs; gate the related model instead";
      }
    }
    for (Index index : model.indexes) {
      if (index.partitionField().equals(field.name) || index.sortKeyFields().contains(field.name)) {
        return "it is a key of index `"
            + index.name()
            + "`, whose queries would reveal it; gate the model or drop the index";
      }
    }
    for (AuthRule rule : rules) {
      if (rule.ownerField().filter(field.name::equals).isPresent()
          || rule.groupsField().filter(field.name::equals).isPresent()) {
        return "it is named by an @auth rule, which needs to read it for every caller";
      }
    }
    if (field.type.required()) {
      return "`"
          + field.type.toGraphQL()
          + "` is required, but callers without the flag read the field as null; make it"
          + " nullable (`"
          + field.type.toGraphQL().replaceAll("!$", "")
          + "`)";
    }
    return null;
  }
}
