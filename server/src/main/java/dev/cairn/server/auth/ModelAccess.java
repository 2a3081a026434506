package dev.cairn.server.auth;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperation;
import dev.cairn.spec.SubscriptionLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one caller may do with one model, by its {@code @auth} rules (Amplify transformer v2
 * semantics: rules are OR-ed; a model or field rule grants only its operations to callers of its
 * provider; a model without rules grants nothing). Obtained from {@link AuthorizationPolicy}; the
 * same object answers for queries, mutations, sync and realtime. Operations are {@link
 * ModelOperation}s: {@code CREATE UPDATE DELETE} and the read operations {@code GET LIST SYNC
 * LISTEN SEARCH} ({@code READ} is only a rule shorthand and is refused here).
 *
 * <ul>
 *   <li>{@link #allows}/{@link #require}: may the caller attempt the operation at all (on some
 *       record)? Use before running any query or mutation.
 *   <li>{@link #readScope}: which records a read may see (filter for queries, predicate for
 *       realtime).
 *   <li>{@link #authorizeCreate}: checks an input and returns it with the owner fields the server
 *       sets from the identity.
 *   <li>{@link #authorizeUpdate}/{@link #authorizeDelete}: check against the stored record.
 *   <li>{@link #hiddenFields}/{@link #redact}: field-level {@code @auth} on read.
 * </ul>
 *
 * <p>A model gated by {@code @cairnFlag} whose flag is off for the caller grants nothing (every
 * operation is refused with a message naming the flag); a gated field whose flag is off reads as
 * null and may not be written, filtered on or named in a condition. Gates are asked each time (see
 * {@link FeatureGates}), so a subscription's access follows a toggle.
 *
 * <p>Immutable and thread-safe; cheap to create per request.
 */
public final class ModelAccess {
  private static final Set<ModelOperation> READS =
      Set.of(
          ModelOperation.GET,
          ModelOperation.LIST,
          ModelOperation.SYNC,
          ModelOperation.LISTEN,
          ModelOperation.SEARCH);

  private final Model model;
  private final AppIdentity identity;
  private final RuleGrants rules;
  private final FeatureGates.CallerGates gates;

  ModelAccess(Model model, AppIdentity identity, FeatureGates.CallerGates gates) {
    this.model = model;
    this.identity = identity;
    this.rules = new RuleGrants(model, identity);
    this.gates = gates;
  }

  /**
   * The flag of the model's {@code @cairnFlag} gate when it is closed for the caller now; empty for
   * an ungated model or an open gate.
   */
  public Optional<String> closedModelGate() {
    return model.featureFlag().filter(key -> !gates.isOpen(key));
  }

  /** Whether a field or the model itself is gated by {@code @cairnFlag} and closed now. */
  public boolean anyGateClosed() {
    for (String key : model.featureFlags()) {
      if (!gates.isOpen(key)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code field} is gated by a {@code @cairnFlag} that is closed for the caller now. */
  private boolean gatedOff(Field field) {
    return field.featureFlag().isPresent() && !gates.isOpen(field.featureFlag().get());
  }

  private String gateClosed(String flagKey) {
    return "feature flag `" + flagKey + "` (@cairnFlag) is off for " + caller();
  }

  public Model model() {
    return model;
  }

  public AppIdentity identity() {
    return identity;
  }

  /** Whether some rule lets the caller perform {@code operation} on at least some records. */
  public boolean allows(ModelOperation operation) {
    return !modelGrants(operation).isEmpty();
  }

  /**
   * @throws NotAuthorizedException when no rule lets the caller perform {@code operation}
   */
  public void require(ModelOperation operation) {
    Optional<String> closed = closedModelGate();
    if (closed.isPresent()) {
      throw denied(operation, gateClosed(closed.get()));
    }
    if (!allows(operation)) {
      throw denied(operation, "no @auth rule of " + model.name() + " grants it to " + caller());
    }
  }

  /**
   * The records the caller may see through {@code operation}. {@code LISTEN} honours {@code
   * @model(subscriptions: {level: public})} (any authenticated caller sees every change) and
   * {@code level: off} (denied).
   *
   * @param operation GET, LIST, SYNC, LISTEN or SEARCH
   */
  public ReadScope readScope(ModelOperation operation) {
    requireRead(operation);
    Optional<String> closed = closedModelGate();
    return ReadScope.of(
        modelGrants(operation),
        () ->
            message(
                operation,
                closed.isPresent()
                    ? gateClosed(closed.get())
                    : "no @auth rule of " + model.name() + " grants it to " + caller()));
  }

  /**
   * Authorizes creating a record from {@code input} and returns the record to store: {@code input}
   * plus, for every owner rule whose field the input leaves empty, that field set to the caller's
   * identity (a list field to a one-element list). A caller allowed only by owner or dynamic-group
   * rules must end up in the record (an owner field naming someone else is refused, never
   * overwritten); a caller allowed by a public, private or static-group rule may name any owner.
   * Every input field with field-level rules must be writable by the caller on create.
   *
   * @throws NotAuthorizedException naming the rule that is not met
   */
  public Map<String, Object> authorizeCreate(Map<String, Object> input) {
    require(ModelOperation.CREATE);
    Map<String, Object> record = new LinkedHashMap<>(input);
    for (AuthRule rule : model.authRules()) {
      if (rule.allow() != AuthStrategy.OWNER) {
        continue;
      }
      String field = rule.ownerField().orElse("owner");
      Object current = record.get(field);
      boolean empty = current == null || current instanceof List<?> l && l.isEmpty();
      Optional<String> value = rules.ownerValueToStore(rule);
      if (empty && value.isPresent()) {
        record.put(field, isList(field) ? List.of(value.get()) : value.get());
      }
    }
    if (!granted(modelGrants(ModelOperation.CREATE), record)) {
      throw denied(
          ModelOperation.CREATE,
          caller()
              + " may only create "
              + model.name()
              + " records that the owner or group fields "
              + ownerAndGroupFields(ModelOperation.CREATE)
              + " give to the caller");
    }
    requireFieldWrites(ModelOperation.CREATE, input.keySet(), record);
    return record;
  }

  /**
   * Authorizes applying {@code input} to the stored record {@code current}, as Amplify's generated
   * update resolver does: a rule must grant update on {@code current} (owner and dynamic-group
   * rules are matched against the stored record, never against the input), and every input field
   * with field-level rules must be writable by the caller on {@code current}. The updated record is
   * not checked again: any caller allowed to update may change the owner and groups fields too
   * (Amplify: "owners can reassign the owner of their existing record to another user"), unless
   * those fields carry field-level {@code @auth} rules that do not grant the caller update (then
   * the input may not name them at all). Protecting the owner field is how a schema keeps a group
   * or {@code groupsField} updater from taking records over.
   *
   * @throws NotAuthorizedException naming the rule that is not met
   */
  public void authorizeUpdate(Map<String, Object> current, Map<String, Object> input) {
    List<Grant> grants = modelGrants(ModelOperation.UPDATE);
    if (grants.isEmpty()) {
      require(ModelOperation.UPDATE);
    }
    if (!granted(grants, current)) {
      throw denied(ModelOperation.UPDATE, notYours(ModelOperation.UPDATE));
    }
    requireFieldWrites(ModelOperation.UPDATE, input.keySet(), current);
  }

  /**
   * Refuses a {@code filter} (of a list, sync or subscription) that names a field the caller may
   * not read on every record the operation lets it see: otherwise the filter would be an oracle for
   * the hidden value ({@code salary: {eq: 123456}} matching while {@code salary} reads null). A
   * field with field-level rules passes when one of them grants {@code operation} to the caller on
   * every record, or when each condition of the caller's read scope is also a condition of the
   * field's rules (an owner filtering their own records by a field only owners may read).
   *
   * @param filter a {@code Model<M>FilterInput} or {@code ModelSubscription<M>FilterInput} value;
   *     null passes
   * @throws NotAuthorizedException naming the field
   */
  public void requireReadable(ModelOperation operation, Map<String, ?> filter) {
    requireRead(operation);
    if (filter == null || filter.isEmpty()) {
      return;
    }
    Optional<String> gated = closedGateInFilter(filter);
    if (gated.isPresent()) {
      throw denied(operation, gated.get());
    }
    List<Grant> scope = modelGrants(operation);
    for (String name : fieldNames(filter)) {
      Optional<Field> field = model.field(name);
      if (field.isEmpty() || field.get().authRules().isEmpty()) {
        continue;
      }
      List<Grant> fieldGrants = rules.grants(field.get().authRules(), operation);
      boolean everywhere =
          fieldGrants.stream().anyMatch(Grant.All.class::isInstance)
              || (!scope.isEmpty()
                  && scope.stream()
                      .allMatch(g -> g instanceof Grant.FieldMatch && fieldGrants.contains(g)));
      if (!everywhere) {
        throw denied(operation, unreadableInFilter(name, "filter"));
      }
    }
  }

  /**
   * Why {@code filter} may not be used while a {@code @cairnFlag} gate is closed: the first field
   * it names (through {@code and}, {@code or}, {@code not}) whose gate is closed for the caller,
   * with the flag and the fix; empty when it names none. {@link #requireReadable} refuses such a
   * filter too; realtime asks first, to answer {@code OperationDisabled} rather than {@code
   * Unauthorized}.
   *
   * @param filter a filter or condition value; null names no field
   */
  public Optional<String> closedGateInFilter(Map<String, ?> filter) {
    if (filter == null || filter.isEmpty()) {
      return Optional.empty();
    }
    for (String name : fieldNames(filter)) {
      Optional<Field> field = model.field(name);
      if (field.isPresent() && gatedOff(field.get())) {
        return Optional.of(
            "the filter uses field `"
                + name
                + "` of "
                + model.name()
                + ", but "
                + gateClosed(field.get().featureFlag().get())
                + "; leave it out of the filter");
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses a mutation {@code condition} that names a field the caller may not read on the stored
   * record {@code current}: otherwise success or {@code ConditionalCheckFailedException} would
   * reveal the hidden value.
   *
   * @param operation UPDATE or DELETE, for the message
   * @throws NotAuthorizedException naming the field
   */
  public void requireReadableOn(
      ModelOperation operation, Map<String, Object> current, Map<String, ?> condition) {
    if (condition == null || condition.isEmpty()) {
      return;
    }
    Set<String> hidden = hiddenFields(ModelOperation.GET, current);
    for (String name : fieldNames(condition)) {
      if (hidden.contains(name)) {
        throw denied(operation, unreadableInFilter(name, "condition"));
      }
    }
  }

  private String unreadableInFilter(String field, String where) {
    return "the "
        + where
        + " uses field `"
        + field
        + "` of "
        + model.name()
        + ", whose @auth rules do not let "
        + caller()
        + " read it on every record it applies to; leave it out of the "
        + where;
  }

  /**
   * Every field name a filter or condition refers to, through {@code and}, {@code or}, {@code not}.
   */
  private static Set<String> fieldNames(Map<String, ?> filter) {
    Set<String> names = new LinkedHashSet<>();
    collectFieldNames(filter, names, 0);
    return names;
  }

  private static void collectFieldNames(Object node, Set<String> names, int depth) {
    if (depth > 64) {
      return; // the translator refuses nesting this deep anyway
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        switch (key) {
          case "and", "or" -> {
            if (entry.getValue() instanceof List<?> parts) {
              parts.forEach(part -> collectFieldNames(part, names, depth + 1));
            }
          }
          case "not" -> collectFieldNames(entry.getValue(), names, depth + 1);
          default -> names.add(key);
        }
      }
    }
  }

  /**
   * Authorizes deleting the stored record {@code current}.
   *
   * @throws NotAuthorizedException when no rule grants delete on it
   */
  public void authorizeDelete(Map<String, Object> current) {
    List<Grant> grants = modelGrants(ModelOperation.DELETE);
    if (grants.isEmpty()) {
      require(ModelOperation.DELETE);
    }
    if (!granted(grants, current)) {
      throw denied(ModelOperation.DELETE, notYours(ModelOperation.DELETE));
    }
  }

  /**
   * The fields of {@code record} the caller may not see through {@code operation}: those with
   * field-level rules none of which grants the read (field rules replace the model's rules for that
   * field). AppSync answers them as null.
   *
   * @param operation GET, LIST, SYNC, LISTEN or SEARCH
   */
  public Set<String> hiddenFields(ModelOperation operation, Map<String, Object> record) {
    requireRead(operation);
    Set<String> hidden = new LinkedHashSet<>();
    for (Field field : model.fields()) {
      if (gatedOff(field)) {
        hidden.add(field.name());
      } else if (!field.authRules().isEmpty()
          && !granted(rules.grants(field.authRules(), operation), record)) {
        hidden.add(field.name());
      }
    }
    return hidden;
  }

  /** A copy of {@code record} with the {@link #hiddenFields} set to null. */
  public Map<String, Object> redact(ModelOperation operation, Map<String, Object> record) {
    Set<String> hidden = hiddenFields(operation, record);
    if (hidden.isEmpty()) {
      return record;
    }
    Map<String, Object> copy = new LinkedHashMap<>(record);
    hidden.stream().filter(copy::containsKey).forEach(f -> copy.put(f, null));
    return copy;
  }

  private List<Grant> modelGrants(ModelOperation operation) {
    if (operation == ModelOperation.READ) {
      throw new IllegalArgumentException(
          "READ is a rule shorthand; ask for GET, LIST, SYNC, LISTEN or SEARCH");
    }
    if (closedModelGate().isPresent()) {
      return List.of();
    }
    if (operation == ModelOperation.LISTEN) {
      SubscriptionLevel level = model.operations().subscriptionLevel();
      if (level == SubscriptionLevel.OFF) {
        return List.of();
      }
      if (level == SubscriptionLevel.PUBLIC) {
        return List.of(Grant.ALL);
      }
    }
    return rules.grants(model.authRules(), operation);
  }

  private void requireFieldWrites(
      ModelOperation operation, Set<String> inputFields, Map<String, Object> record) {
    for (String name : inputFields) {
      Optional<Field> field = model.field(name);
      if (field.isPresent() && gatedOff(field.get())) {
        throw denied(
            operation,
            "field `"
                + name
                + "` of "
                + model.name()
                + " is gated and "
                + gateClosed(field.get().featureFlag().get())
                + "; leave it out of the input");
      }
      if (field.isEmpty()
          || field.get().authRules().isEmpty()
          || model.primaryKey().fields().contains(name)) {
        continue;
      }
      if (!granted(rules.grants(field.get().authRules(), operation), record)) {
        throw denied(
            operation,
            "field `"
                + name
                + "` of "
                + model.name()
                + " has @auth rules that do not let "
                + caller()
                + " "
                + operation.sdlName()
                + " it; leave it out of the input");
      }
    }
  }

  private static boolean granted(List<Grant> grants, Map<String, Object> record) {
    for (Grant g : grants) {
      if (g instanceof Grant.All || g instanceof Grant.FieldMatch m && m.test(record)) {
        return true;
      }
    }
    return false;
  }

  private static void requireRead(ModelOperation operation) {
    if (!READS.contains(operation)) {
      throw new IllegalArgumentException(
          operation + " is not a read operation; use GET, LIST, SYNC, LISTEN or SEARCH");
    }
  }

  private boolean isList(String fieldName) {
    return model.field(fieldName).map(f -> f.type().list()).orElse(false);
  }

  private List<String> ownerAndGroupFields(ModelOperation operation) {
    List<String> fields = new ArrayList<>();
    for (Grant g : modelGrants(operation)) {
      if (g instanceof Grant.FieldMatch m && !fields.contains(m.field())) {
        fields.add(m.field());
      }
    }
    return fields;
  }

  private String notYours(ModelOperation operation) {
    return "the record's owner or group fields "
        + ownerAndGroupFields(operation)
        + " do not name "
        + caller();
  }

  private String caller() {
    if (identity.isApiKey()) {
      return "an API key";
    }
    return "user `" + identity.subject() + "` (groups " + identity.groups() + ")";
  }

  private NotAuthorizedException denied(ModelOperation operation, String reason) {
    return new NotAuthorizedException(message(operation, reason));
  }

  private String message(ModelOperation operation, String reason) {
    return "Not Authorized to access " + target(operation) + ": " + reason;
  }

  /** AppSync's wording: the root field and its type, e.g. {@code createPost on type Mutation}. */
  private String target(ModelOperation operation) {
    var ops = model.operations();
    Optional<String> field =
        switch (operation) {
          case CREATE -> ops.create();
          case UPDATE -> ops.update();
          case DELETE -> ops.delete();
          case GET -> ops.get();
          case LIST, SEARCH -> ops.list();
          case SYNC -> ops.sync();
          case LISTEN, READ -> Optional.empty();
        };
    String type =
        switch (operation) {
          case CREATE, UPDATE, DELETE -> "Mutation";
          case LISTEN, READ -> "Subscription";
          default -> "Query";
        };
    return field.orElse(operation.sdlName() + " of " + model.name()) + " on type " + type;
  }
}
