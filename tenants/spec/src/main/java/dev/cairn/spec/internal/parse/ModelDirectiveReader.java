package dev.cairn.spec.internal.parse;

import dev.cairn.spec.ModelOperations;
import dev.cairn.spec.SubscriptionLevel;
import dev.cairn.spec.Timestamps;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.Value;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code @model(queries:, mutations:, subscriptions:, timestamps:)} into a model's operation
 * names, subscription level and timestamp fields, with Amplify's defaults.
 */
final class ModelDirectiveReader {
  private static final String VALID_NAME = "[A-Za-z][_0-9A-Za-z]*";
  private final Diagnostics diagnostics;
  private final Args args;

  ModelDirectiveReader(Diagnostics diagnostics, Args args) {
    this.diagnostics = diagnostics;
    this.args = args;
  }

  void read(ModelDraft model, Directive directive) {
    Map<String, Argument> arguments =
        args.of(directive, Set.of("queries", "mutations", "subscriptions", "timestamps"));
    String n = model.name;
    String p = model.pluralName;
    Map<String, Optional<String>> queries =
        names(arguments.get("queries"), Map.of("get", "get" + n, "list", "list" + p), "queries");
    Map<String, Optional<String>> mutations =
        names(
            arguments.get("mutations"),
            Map.of("create", "create" + n, "update", "update" + n, "delete", "delete" + n),
            "mutations");
    boolean queriesOn =
        arguments.get("queries") == null || !Args.isNull(arguments.get("queries").getValue());
    Argument subs = arguments.get("subscriptions");
    SubscriptionLevel level = level(subs);
    Map<String, Optional<String>> subscriptions =
        subs != null && Args.isNull(subs.getValue())
            ? Map.of()
            : names(
                subs,
                Map.of(
                    "onCreate",
                    "onCreate" + n,
                    "onUpdate",
                    "onUpdate" + n,
                    "onDelete",
                    "onDelete" + n,
                    "level",
                    ""),
                "subscriptions");
    boolean subsOn = level != SubscriptionLevel.OFF;
    model.operations =
        new ModelOperations(
            queries.getOrDefault("get", Optional.empty()),
            queries.getOrDefault("list", Optional.empty()),
            queriesOn ? Optional.of("sync" + p) : Optional.empty(),
            mutations.getOrDefault("create", Optional.empty()),
            mutations.getOrDefault("update", Optional.empty()),
            mutations.getOrDefault("delete", Optional.empty()),
            subsOn && mutations.get("create").isPresent()
                ? subscriptions.getOrDefault("onCreate", Optional.empty())
                : Optional.empty(),
            subsOn && mutations.get("update").isPresent()
                ? subscriptions.getOrDefault("onUpdate", Optional.empty())
                : Optional.empty(),
            subsOn && mutations.get("delete").isPresent()
                ? subscriptions.getOrDefault("onDelete", Optional.empty())
                : Optional.empty(),
            level);
    readTimestamps(model, arguments.get("timestamps"));
  }

  private SubscriptionLevel level(Argument subs) {
    if (subs != null && Args.isNull(subs.getValue())) {
      return SubscriptionLevel.OFF;
    }
    SubscriptionLevel level = SubscriptionLevel.ON;
    if (subs != null && subs.getValue() instanceof ObjectValue object) {
      for (ObjectField field : object.getObjectFields()) {
        if (field.getName().equals("level")) {
          Optional<String> word = args.word(field.getValue(), "`level`");
          if (word.isPresent()) {
            try {
              level = SubscriptionLevel.valueOf(word.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
              diagnostics.error(
                  field.getValue(),
                  "subscription `level: " + word.get() + "` is unknown; use on, public or off");
            }
          }
        }
      }
    }
    return level;
  }

  private void readTimestamps(ModelDraft model, Argument timestamps) {
    if (timestamps == null) {
      return;
    }
    if (Args.isNull(timestamps.getValue())) {
      model.timestamps = new Timestamps(Optional.empty(), Optional.empty());
      return;
    }
    Map<String, Optional<String>> names =
        names(timestamps, Map.of("createdAt", "createdAt", "updatedAt", "updatedAt"), "timestamps");
    model.timestamps = new Timestamps(names.get("createdAt"), names.get("updatedAt"));
  }

  /**
   * Reads {@code {get: "name", list: null}}: an absent argument gives the defaults, {@code null}
   * disables all, an object overrides or disables ({@code null}) single names.
   */
  private Map<String, Optional<String>> names(
      Argument argument, Map<String, String> defaults, String what) {
    Map<String, Optional<String>> out = new HashMap<>();
    if (argument != null && Args.isNull(argument.getValue())) {
      defaults.keySet().forEach(k -> out.put(k, Optional.empty()));
      return out;
    }
    defaults.forEach((k, v) -> out.put(k, Optional.of(v)));
    if (argument == null) {
      return out;
    }
    if (!(argument.getValue() instanceof ObjectValue object)) {
      diagnostics.error(
          argument.getValue(),
          "`"
              + what
              + "` must be null or an object such as { "
              + defaults.keySet().iterator().next()
              + ": null }");
      return out;
    }
    for (Map.Entry<String, ObjectField> entry :
        args.fields(object, "`" + what + "`", defaults.keySet()).entrySet()) {
      if (entry.getKey().equals("level")) {
        continue;
      }
      Value<?> value = entry.getValue().getValue();
      if (Args.isNull(value)) {
        out.put(entry.getKey(), Optional.empty());
      } else {
        args.string(value, "`" + what + "." + entry.getKey() + "`")
            .ifPresent(
                name -> {
                  if (!name.matches(VALID_NAME)) {
                    diagnostics.error(
                        value,
                        "`"
                            + name
                            + "` is not a valid name; use letters, digits and _, starting with a"
                            + " letter");
                  }
                  out.put(entry.getKey(), Optional.of(name));
                });
      }
    }
    return out;
  }
}
