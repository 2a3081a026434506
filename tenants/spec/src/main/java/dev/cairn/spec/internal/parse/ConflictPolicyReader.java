package dev.cairn.spec.internal.parse;

import dev.cairn.spec.ConflictPolicy;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Cairn's {@code @conflict(policy: ...)} and checks that the policy suits the field's type;
 * every problem with the policy is reported at the policy value.
 */
final class ConflictPolicyReader {
  private static final Set<String> ORDERED_SCALARS =
      Set.of("AWSTimestamp", "AWSDate", "AWSTime", "AWSDateTime");
  private final Diagnostics diagnostics;
  private final Args args;

  ConflictPolicyReader(Diagnostics diagnostics, Args args) {
    this.diagnostics = diagnostics;
    this.args = args;
  }

  void read(FieldDraft field, Directive directive, String where) {
    Map<String, Argument> arguments = args.of(directive, Set.of("policy"));
    Argument policyArg = arguments.get("policy");
    if (policyArg == null) {
      diagnostics.error(directive, "@conflict needs `policy`, e.g. @conflict(policy: COUNTER)");
      return;
    }
    Optional<String> word = args.word(policyArg.getValue(), "`policy`");
    if (word.isEmpty()) {
      return;
    }
    ConflictPolicy policy;
    try {
      policy = ConflictPolicy.valueOf(word.get().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      diagnostics.error(
          policyArg.getValue(),
          "@conflict policy `"
              + word.get()
              + "` is unknown; use SERVER_WINS, CLIENT_WINS, LIST_APPEND, SET_UNION, MAX or COUNTER");
      return;
    }
    FieldType type = field.type;
    String problem = problem(policy, type);
    if (problem != null) {
      diagnostics.error(
          policyArg.getValue(),
          "@conflict on " + where + " (`" + type.toGraphQL() + "`): " + problem);
      return;
    }
    field.conflictPolicy = policy;
  }

  private static String problem(ConflictPolicy policy, FieldType type) {
    if (type.kind() == TypeKind.MODEL) {
      return "relation fields have no conflict policy; put it on the foreign key field";
    }
    boolean numeric = !type.list() && (type.name().equals("Int") || type.name().equals("Float"));
    boolean ordered = numeric || (!type.list() && ORDERED_SCALARS.contains(type.name()));
    return switch (policy) {
      case COUNTER -> numeric ? null : "COUNTER needs an Int or Float field";
      case MAX -> ordered ? null : "MAX needs a number or an AWS date/time field";
      case LIST_APPEND, SET_UNION -> type.list() ? null : policy + " needs a list field";
      case SERVER_WINS, CLIENT_WINS -> null;
    };
  }
}
