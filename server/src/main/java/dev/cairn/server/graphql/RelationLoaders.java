package dev.cairn.server.graphql;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.auth.ModelAccess;
import dev.cairn.server.data.RecordKey;
import dev.cairn.server.data.sync.SyncPage;
import dev.cairn.server.data.sync.SyncQueries.ListGroup;
import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperation;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.Relation;
import dev.cairn.spec.RelationKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

/**
 * Batched relation reads for one request (DataLoader): every {@code @belongsTo}/{@code @hasOne}
 * read of one related model on one level of the result becomes one {@code _id $in} query, and every
 * first page of one {@code @hasMany} field with the same {@code filter} and {@code limit} becomes
 * one query over all parents ({@link dev.cairn.server.data.sync.SyncQueries#listEach}).
 * graphql-java dispatches the loaders level by level. Loaders are made per request for one caller,
 * whose read scope narrows every query; the fetchers still check and redact each record.
 */
final class RelationLoaders {
  /** A record by key, for {@code @belongsTo}/{@code @hasOne}. */
  static String recordsOf(Model related) {
    return "records:" + related.name();
  }

  /** First pages of a {@code @hasMany} field. */
  static String childrenOf(Model parent, Field field) {
    return "children:" + parent.name() + "." + field.name();
  }

  /**
   * One {@code @hasMany} page request.
   *
   * @param key the related fields and the parent's values for them
   * @param filter the caller's {@code filter} argument, or null
   */
  record Children(Map<String, Object> key, Map<String, Object> filter, Integer limit) {}

  private final TenantId tenant;
  private final ModelSchema schema;
  private final DataPlane plane;
  private final AuthorizationPolicy policy;

  RelationLoaders(
      TenantId tenant, ModelSchema schema, DataPlane plane, AuthorizationPolicy policy) {
    this.tenant = tenant;
    this.schema = schema;
    this.plane = plane;
    this.policy = policy;
  }

  /** Fresh loaders for one request of {@code caller}; none without a caller. */
  DataLoaderRegistry registry(AppIdentity caller) {
    DataLoaderRegistry registry = new DataLoaderRegistry();
    if (caller == null || !caller.tenant().equals(tenant)) {
      return registry;
    }
    for (Model model : schema.models()) {
      for (Field field : model.fields()) {
        if (field.relation().isEmpty()) {
          continue;
        }
        Relation relation = field.relation().get();
        Model related = schema.model(relation.relatedModel()).orElseThrow();
        if (relation.kind() == RelationKind.BELONGS_TO || relation.kind() == RelationKind.HAS_ONE) {
          if (registry.getDataLoader(recordsOf(related)) == null) {
            registry.register(recordsOf(related), records(related));
          }
        } else {
          registry.register(
              childrenOf(model, field), children(policy.access(tenant, related, caller)));
        }
      }
    }
    return registry;
  }

  private DataLoader<RecordKey, Optional<Document>> records(Model related) {
    return DataLoaderFactory.newDataLoader(
        keys -> {
          Map<Object, Document> found = plane.store().getAll(tenant, related, keys);
          List<Optional<Document>> out = new ArrayList<>(keys.size());
          keys.forEach(k -> out.add(Optional.ofNullable(found.get(k.documentId()))));
          return CompletableFuture.completedFuture(out);
        });
  }

  private DataLoader<Children, SyncPage> children(ModelAccess access) {
    Model related = access.model();
    return DataLoaderFactory.newDataLoader(
        keys -> {
          Map<List<Object>, List<Integer>> batches = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            Children k = keys.get(i);
            batches
                .computeIfAbsent(
                    List.of(mapOrEmpty(k.filter()), limitOf(k)), b -> new ArrayList<>())
                .add(i);
          }
          SyncPage[] pages = new SyncPage[keys.size()];
          for (List<Integer> batch : batches.values()) {
            Children first = keys.get(batch.get(0));
            List<ListGroup> groups = new ArrayList<>();
            for (int i : batch) {
              groups.add(new ListGroup(keys.get(i).key(), filterFor(access, keys.get(i))));
            }
            List<SyncPage> found =
                plane
                    .queries()
                    .listEach(
                        tenant,
                        related,
                        access.readScope(ModelOperation.LIST).and(first.filter()),
                        groups,
                        first.limit());
            for (int j = 0; j < batch.size(); j++) {
              pages[batch.get(j)] = found.get(j);
            }
          }
          return CompletableFuture.completedFuture(List.of(pages));
        });
  }

  /** The filter one parent's list has on its own: scope AND key equalities AND caller's filter. */
  static Map<String, Object> filterFor(ModelAccess access, Children children) {
    List<Object> parts = new ArrayList<>();
    children.key().forEach((field, value) -> parts.add(Map.of(field, Map.of("eq", value))));
    if (children.filter() != null) {
      parts.add(children.filter());
    }
    return access.readScope(ModelOperation.LIST).and(Map.of("and", parts));
  }

  private static Object mapOrEmpty(Map<String, Object> filter) {
    return filter == null ? Map.of() : filter;
  }

  private static Object limitOf(Children k) {
    return k.limit() == null ? "default" : k.limit();
  }
}
