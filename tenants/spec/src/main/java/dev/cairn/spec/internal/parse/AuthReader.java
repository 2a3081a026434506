package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthProvider;
import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.ModelOperation;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code @auth(rules: [...])} into {@link AuthRule}s with Amplify's defaults. */
final class AuthReader {
  static final String DEFAULT_IDENTITY_CLAIM = "cognito:username";
  static final String DEFAULT_GROUP_CLAIM = "cognito:groups";
  private static final Set<String> KEYS =
      Set.of(
          "allow",
          "provider",
          "ownerField",
          "identityClaim",
          "groups",
          "groupsField",
          "groupClaim",
          "operations");

  private final Diagnostics diagnostics;
  private final Args args;
  private final Map<AuthRule, ObjectValue> ruleNodes = new IdentityHashMap<>();

  AuthReader(Diagnostics diagnostics, Args args) {
    this.diagnostics = diagnostics;
    this.args = args;
  }

  List<AuthRule> read(Directive directive, boolean fieldLevel) {
    Map<String, Argument> arguments = args.of(directive, Set.of("rules"));
    Argument rules = arguments.get("rules");
    if (rules == null) {
      diagnostics.error(directive, "@auth needs `rules`, e.g. @auth(rules: [{ allow: owner }])");
      return List.of();
    }
    List<Value> values =
        rules.getValue() instanceof ArrayValue array
            ? array.getValues()
            : List.of(rules.getValue());
    if (values.isEmpty()) {
      diagnostics.error(rules.getValue(), "@auth has an empty `rules` list; add at least one rule");
    }
    List<AuthRule> out = new ArrayList<>();
    for (Value<?> value : values) {
      if (value instanceof ObjectValue object) {
        readRule(object, fieldLevel).ifPresent(out::add);
      } else {
        diagnostics.error(value, "each @auth rule must be an object such as { allow: owner }");
      }
    }
    return out;
  }

  Optional<AuthRule> readRule(ObjectValue object, boolean fieldLevel) {
    Map<String, ObjectField> keys = args.fields(object, "an @auth rule", KEYS);
    ObjectField allowField = keys.get("allow");
    if (allowField == null) {
      diagnostics.error(object, "@auth rule needs `allow`: one of owner, groups, private, public");
      return Optional.empty();
    }
    Optional<String> allowWord = args.word(allowField.getValue(), "`allow`");
    if (allowWord.isEmpty()) {
      return Optional.empty();
    }
    AuthStrategy allow;
    try {
      allow = AuthStrategy.valueOf(allowWord.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      diagnostics.error(
          allowField.getValue(),
          "`allow: "
              + allowWord.get()
              + "` is not supported; use owner, groups, private or public"
              + (allowWord.get().equals("custom")
                  ? " (Lambda authorizers are not available)"
                  : ""));
      return Optional.empty();
    }
    AuthProvider provider = provider(keys.get("provider"), allow);
    Optional<String> ownerField = Optional.empty();
    Optional<String> identityClaim = Optional.empty();
    List<String> groups = List.of();
    Optional<String> groupsField = Optional.empty();
    Optional<String> groupClaim = Optional.empty();
    for (String key :
        List.of("ownerField", "identityClaim", "groups", "groupsField", "groupClaim")) {
      ObjectField field = keys.get(key);
      boolean belongs =
          switch (key) {
            case "ownerField", "identityClaim" -> allow == AuthStrategy.OWNER;
            default -> allow == AuthStrategy.GROUPS;
          };
      if (field != null && !belongs) {
        diagnostics.error(
            field, "`" + key + "` does not apply to `allow: " + allowWord.get() + "`; remove it");
      }
    }
    if (allow == AuthStrategy.OWNER) {
      ownerField = Optional.of(stringKey(keys, "ownerField").orElse("owner"));
      identityClaim = Optional.of(stringKey(keys, "identityClaim").orElse(DEFAULT_IDENTITY_CLAIM));
    }
    if (allow == AuthStrategy.GROUPS) {
      ObjectField groupsKey = keys.get("groups");
      if (groupsKey != null) {
        groups =
            args.strings(groupsKey.getValue(), "`groups`").orElse(List.of()).stream()
                .map(Args.Word::value)
                .toList();
      }
      groupsField = stringKey(keys, "groupsField");
      groupClaim = Optional.of(stringKey(keys, "groupClaim").orElse(DEFAULT_GROUP_CLAIM));
      if (groupsKey == null && groupsField.isEmpty()) {
        diagnostics.error(
            object,
            "`allow: groups` needs `groups: [\"admins\"]` (static groups) or `groupsField:"
                + " \"editors\"` (groups named in each record)");
      } else if (groupsKey != null && groupsField.isPresent()) {
        diagnostics.error(
            object,
            "`allow: groups` takes either `groups` or `groupsField`, not both; split it into two"
                + " rules");
      }
    }
    Set<ModelOperation> operations = operations(keys.get("operations"), fieldLevel);
    AuthRule rule =
        new AuthRule(
            allow,
            provider,
            ownerField,
            identityClaim,
            groups,
            groupsField,
            groupClaim,
            operations);
    ruleNodes.put(rule, object);
    return Optional.of(rule);
  }

  /**
   * The value of {@code key} in the rule literal that {@code rule} was read from by this reader, to
   * report a problem with it there; empty for a rule read elsewhere or without that key.
   */
  Optional<Value<?>> valueOf(AuthRule rule, String key) {
    ObjectValue node = ruleNodes.get(rule);
    if (node == null) {
      return Optional.empty();
    }
    return node.getObjectFields().stream()
        .filter(f -> f.getName().equals(key))
        .findFirst()
        .map(ObjectField::getValue);
  }

  private Optional<String> stringKey(Map<String, ObjectField> keys, String key) {
    ObjectField field = keys.get(key);
    return field == null ? Optional.empty() : args.string(field.getValue(), "`" + key + "`");
  }

  private AuthProvider provider(ObjectField field, AuthStrategy allow) {
    AuthProvider fallback =
        allow == AuthStrategy.PUBLIC ? AuthProvider.API_KEY : AuthProvider.USER_POOLS;
    if (field == null) {
      return fallback;
    }
    Optional<String> word = args.word(field.getValue(), "`provider`");
    if (word.isEmpty()) {
      return fallback;
    }
    Optional<AuthProvider> provider = AuthProvider.fromSdl(word.get());
    Set<AuthProvider> allowed =
        switch (allow) {
          case PUBLIC -> EnumSet.of(AuthProvider.API_KEY, AuthProvider.IAM);
          case PRIVATE -> EnumSet.of(AuthProvider.USER_POOLS, AuthProvider.OIDC, AuthProvider.IAM);
          case OWNER, GROUPS -> EnumSet.of(AuthProvider.USER_POOLS, AuthProvider.OIDC);
        };
    if (provider.isEmpty() || !allowed.contains(provider.get())) {
      diagnostics.error(
          field.getValue(),
          "`provider: "
              + word.get()
              + "` cannot be used with `allow: "
              + allow.name().toLowerCase(Locale.ROOT)
              + "`; use one of "
              + allowed.stream().map(AuthProvider::sdlName).toList());
      return fallback;
    }
    return provider.get();
  }

  private Set<ModelOperation> operations(ObjectField field, boolean fieldLevel) {
    Set<ModelOperation> all =
        EnumSet.of(
            ModelOperation.CREATE,
            ModelOperation.UPDATE,
            ModelOperation.DELETE,
            ModelOperation.READ);
    if (field == null) {
      return all;
    }
    List<Args.Word> words = args.strings(field.getValue(), "`operations`").orElse(List.of());
    Set<ModelOperation> out = EnumSet.noneOf(ModelOperation.class);
    for (Args.Word word : words) {
      Optional<ModelOperation> operation =
          Arrays.stream(ModelOperation.values())
              .filter(o -> o.sdlName().equals(word.value()))
              .findFirst();
      if (operation.isEmpty()) {
        diagnostics.error(
            word.at(),
            "`operations` has unknown value `"
                + word.value()
                + "`; use create, update, delete, read"
                + " (or get, list, sync, listen, search)");
      } else {
        out.add(operation.get());
      }
    }
    if (out.isEmpty() && !words.isEmpty()) {
      return all;
    }
    if (words.isEmpty()) {
      diagnostics.error(
          field.getValue(), "`operations` is empty; list at least one operation or omit it");
      return all;
    }
    return out;
  }
}
