package dev.cairn.server.graphql;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.auth.ModelAccess;
import dev.cairn.server.auth.NotAuthorizedException;
import dev.cairn.server.auth.ReadScope;
import dev.cairn.server.data.DataException;
import dev.cairn.server.data.RecordKey;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.sync.SyncPage;
import dev.cairn.spec.Field;
import dev.cairn.spec.Index;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperation;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.Relation;
import dev.cairn.spec.RelationKind;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.dataloader.DataLoader;

/**
 * Wires the root fields and relation fields of every model of one tenant's schema to the {@link
 * DataPlane}: {@code get}, {@code list}, {@code sync}, index queries, {@code create}, {@code
 * update}, {@code delete}, {@code @belongsTo}/{@code @hasOne} and {@code @hasMany}. The tenant is
 * fixed when the schema is built; no fetcher can reach another tenant's data. Every fetcher applies
 * the model's {@code @auth} rules for the caller in the GraphQL context ({@link
 * TenantGraphQL#CALLER}) through the {@link AuthorizationPolicy}: reads are narrowed to the
 * caller's read scope and redacted by field-level rules, writes are checked and owner fields set
 * from the caller. Without a caller nothing is allowed.
 */
final class ModelFetchers {
  private final TenantId tenant;
  private final ModelSchema schema;
  private final DataPlane plane;
  private final AuthorizationPolicy policy;

  ModelFetchers(TenantId tenant, ModelSchema schema, DataPlane plane, AuthorizationPolicy policy) {
    this.tenant = tenant;
    this.schema = schema;
    this.plane = plane;
    this.policy = policy;
  }

  private ModelAccess access(DataFetchingEnvironment env, Model model) {
    AppIdentity caller = env.getGraphQlContext().get(TenantGraphQL.CALLER);
    if (caller == null) {
      throw new NotAuthorizedException("Not Authorized: the request has no authenticated caller");
    }
    return policy.access(tenant, model, caller);
  }

  void wire(
      RuntimeWiring.Builder wiring,
      TypeRuntimeWiring.Builder query,
      TypeRuntimeWiring.Builder mutation) {
    for (Model model : schema.models()) {
      var ops = model.operations();
      ops.get().ifPresent(name -> query.dataFetcher(name, get(model)));
      ops.list().ifPresent(name -> query.dataFetcher(name, list(model, null)));
      ops.sync().ifPresent(name -> query.dataFetcher(name, sync(model)));
      if (ops.list().isPresent()) {
        for (Index index : model.indexes()) {
          index.queryField().ifPresent(name -> query.dataFetcher(name, list(model, index)));
        }
      }
      ops.create()
          .ifPresent(
              name ->
                  mutation.dataFetcher(
                      name,
                      env -> {
                        ModelAccess access = access(env, model);
                        access.require(ModelOperation.CREATE);
                        Map<String, Object> input = access.authorizeCreate(input(env));
                        Document created =
                            plane
                                .store()
                                .create(tenant, model, input, env.getArgument("condition"));
                        return access.redact(ModelOperation.GET, created);
                      }));
      ops.update()
          .ifPresent(
              name -> mutation.dataFetcher(name, versionedWrite(model, ModelOperation.UPDATE)));
      ops.delete()
          .ifPresent(
              name -> mutation.dataFetcher(name, versionedWrite(model, ModelOperation.DELETE)));
      TypeRuntimeWiring.Builder type = TypeRuntimeWiring.newTypeWiring(model.name());
      model.fields().stream()
          .filter(f -> f.relation().isPresent())
          .forEach(f -> type.dataFetcher(f.name(), relation(model, f)));
      wiring.type(type);
    }
  }

  private static Map<String, Object> input(DataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    return new LinkedHashMap<>(input);
  }

  /** An update or delete: checked against the stored record, then written version-checked. */
  private DataFetcher<Object> versionedWrite(Model model, ModelOperation operation) {
    return env -> {
      ModelAccess access = access(env, model);
      access.require(operation);
      Map<String, Object> input = input(env);
      Map<String, Object> condition = env.getArgument("condition");
      ConflictStrategy strategy = plane.strategies().apply(model);
      Document written;
      try {
        if (operation == ModelOperation.UPDATE) {
          written =
              plane
                  .store()
                  .update(
                      tenant,
                      model,
                      input,
                      condition,
                      strategy,
                      stored -> {
                        access.authorizeUpdate(stored, input);
                        access.requireReadableOn(operation, stored, condition);
                      });
        } else {
          written =
              plane
                  .store()
                  .delete(
                      tenant,
                      model,
                      input,
                      condition,
                      strategy,
                      stored -> {
                        access.authorizeDelete(stored);
                        access.requireReadableOn(operation, stored, condition);
                      });
        }
      } catch (DataException.ConflictUnhandled conflict) {
        // the record goes back to the caller: only what the caller may read of it
        if (conflict.data().isEmpty()) {
          throw conflict;
        }
        throw new DataException.ConflictUnhandled(conflictData(access, conflict.data().get()));
      }
      return access.redact(ModelOperation.GET, written);
    };
  }

  /**
   * The stored record of a conflict as the caller may see it: redacted by field-level rules, and
   * only its key and version metadata when no read rule lets the caller see the record at all.
   */
  private static Document conflictData(ModelAccess access, Document stored) {
    if (access.readScope(ModelOperation.GET).test(stored)) {
      return new Document(access.redact(ModelOperation.GET, stored));
    }
    Document minimal = new Document();
    access.model().primaryKey().fields().forEach(f -> minimal.put(f, stored.get(f)));
    for (String metadata : List.of("_version", "_lastChangedAt", "_deleted")) {
      minimal.put(metadata, stored.get(metadata));
    }
    return minimal;
  }

  private DataFetcher<Object> get(Model model) {
    return env -> {
      ModelAccess access = access(env, model);
      access.require(ModelOperation.GET);
      Document record =
          plane.store().get(tenant, model, RecordKey.of(model, env.getArguments())).orElse(null);
      if (record == null) {
        return null;
      }
      if (!access.readScope(ModelOperation.GET).test(record)) {
        throw new NotAuthorizedException(
            "Not Authorized to access " + env.getField().getName() + " on type Query");
      }
      return access.redact(ModelOperation.GET, record);
    };
  }

  private DataFetcher<Object> sync(Model model) {
    return env -> {
      ModelAccess access = access(env, model);
      access.require(ModelOperation.SYNC);
      ReadScope scope = access.readScope(ModelOperation.SYNC);
      scope.requireAllowed();
      access.requireReadable(ModelOperation.SYNC, env.getArgument("filter"));
      Object lastSync = env.getArgument("lastSync");
      SyncEstimates estimates = env.getGraphQlContext().get(SyncEstimates.CONTEXT_KEY);
      if (estimates != null && env.getArgument("nextToken") == null) {
        plane
            .queries()
            .estimate(
                tenant,
                model,
                scope.and(env.getArgument("filter")),
                lastSync == null ? null : ((Number) lastSync).longValue())
            .ifPresent(total -> estimates.put(env.getField().getResultKey(), total));
      }
      SyncPage page =
          plane
              .queries()
              .sync(
                  tenant,
                  model,
                  scope.and(env.getArgument("filter")),
                  lastSync == null ? null : ((Number) lastSync).longValue(),
                  env.getArgument("limit"),
                  env.getArgument("nextToken"));
      SyncedRecords synced = env.getGraphQlContext().get(SyncedRecords.CONTEXT_KEY);
      if (synced != null) {
        synced.add(page.items().size());
      }
      Map<String, Object> connection = connection(page, access, ModelOperation.SYNC);
      if (access.anyGateClosed()) {
        // a gated field read as null: the caller's next sync must not skip the records it will
        // see once the flag turns on, so it gets no cursor to resume from (0 = base sync)
        connection.put("startedAt", 0L);
      }
      return connection;
    };
  }

  /** A list query; for a composite primary key or an index, its key arguments narrow the filter. */
  private DataFetcher<Object> list(Model model, Index index) {
    String partition = index == null ? model.primaryKey().partitionField() : index.partitionField();
    List<String> sortKeys =
        index == null ? model.primaryKey().sortKeyFields() : index.sortKeyFields();
    return env -> {
      ModelAccess access = access(env, model);
      access.require(ModelOperation.LIST);
      ReadScope scope = access.readScope(ModelOperation.LIST);
      scope.requireAllowed();
      List<Object> parts = new ArrayList<>();
      Map<String, Object> filter = env.getArgument("filter");
      if (filter != null) {
        parts.add(filter);
      }
      Object partitionValue = env.getArgument(partition);
      if (partitionValue != null && (index != null || !sortKeys.isEmpty())) {
        parts.add(Map.of(partition, Map.of("eq", partitionValue)));
      }
      if (!sortKeys.isEmpty()
          && env.getArgument(sortKeys.get(0)) instanceof Map<?, ?> keyCondition) {
        parts.add(Map.of(sortKeys.get(0), keyCondition));
      }
      // an index's key arguments are conditions too: a hidden field may not be probed through them
      access.requireReadable(ModelOperation.LIST, parts.isEmpty() ? null : Map.of("and", parts));
      Map<String, Object> combined = scope.and(parts.isEmpty() ? null : Map.of("and", parts));
      return connection(
          plane
              .queries()
              .list(
                  tenant, model, combined, env.getArgument("limit"), env.getArgument("nextToken")),
          access,
          ModelOperation.LIST);
    };
  }

  private DataFetcher<Object> relation(Model parent, Field field) {
    Relation relation = field.relation().orElseThrow();
    Model related = schema.model(relation.relatedModel()).orElseThrow();
    if (relation.kind() == RelationKind.BELONGS_TO || relation.kind() == RelationKind.HAS_ONE) {
      return env -> {
        Map<String, Object> source = env.getSource();
        if (hiddenOn(env, parent, field, source)) {
          return null;
        }
        List<String> keys = related.primaryKey().fields();
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < keys.size() && i < relation.localFields().size(); i++) {
          Object value = source.get(relation.localFields().get(i));
          if (value == null) {
            return null;
          }
          key.put(keys.get(i), value);
        }
        ModelAccess access = access(env, related);
        if (!access.allows(ModelOperation.GET)) {
          return null;
        }
        RecordKey recordKey = RecordKey.of(related, key);
        DataLoader<RecordKey, Optional<Document>> loader =
            env.getDataLoader(RelationLoaders.recordsOf(related));
        CompletableFuture<Optional<Document>> record =
            loader == null
                ? CompletableFuture.completedFuture(plane.store().get(tenant, related, recordKey))
                : loader.load(recordKey);
        return record.thenApply(
            r ->
                r.filter(found -> access.readScope(ModelOperation.GET).test(found))
                    .map(found -> access.redact(ModelOperation.GET, found))
                    .orElse(null));
      };
    }
    return env -> {
      Map<String, Object> source = env.getSource();
      if (hiddenOn(env, parent, field, source)) {
        return null;
      }
      ModelAccess access = access(env, related);
      if (access.closedModelGate().isPresent()) {
        return null; // the related model is gated off for the caller: as a hidden field reads
      }
      access.require(ModelOperation.LIST);
      ReadScope scope = access.readScope(ModelOperation.LIST);
      scope.requireAllowed();
      Map<String, Object> key = new LinkedHashMap<>();
      for (int i = 0; i < relation.relatedFields().size(); i++) {
        key.put(relation.relatedFields().get(i), source.get(relation.localFields().get(i)));
      }
      Map<String, Object> filter = env.getArgument("filter");
      access.requireReadable(ModelOperation.LIST, filter);
      Integer limit = env.getArgument("limit");
      String nextToken = env.getArgument("nextToken");
      RelationLoaders.Children children = new RelationLoaders.Children(key, filter, limit);
      DataLoader<RelationLoaders.Children, SyncPage> loader =
          env.getDataLoader(RelationLoaders.childrenOf(parent, field));
      if (loader == null || nextToken != null) {
        return connection(
            plane
                .queries()
                .list(
                    tenant, related, RelationLoaders.filterFor(access, children), limit, nextToken),
            access,
            ModelOperation.LIST);
      }
      return loader.load(children).thenApply(page -> connection(page, access, ModelOperation.LIST));
    };
  }

  /**
   * Whether field-level {@code @auth} rules on the relation field hide it from the caller on this
   * parent record (then it reads as null, as any hidden field does).
   */
  private boolean hiddenOn(
      DataFetchingEnvironment env, Model parent, Field field, Map<String, Object> source) {
    return !field.authRules().isEmpty()
        && access(env, parent).hiddenFields(ModelOperation.GET, source).contains(field.name());
  }

  private static Map<String, Object> connection(
      SyncPage page, ModelAccess access, ModelOperation operation) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Document item : page.items()) {
      items.add(access.redact(operation, item));
    }
    out.put("items", items);
    out.put("nextToken", page.nextToken().orElse(null));
    out.put("startedAt", page.startedAt().orElse(null));
    return out;
  }
}
