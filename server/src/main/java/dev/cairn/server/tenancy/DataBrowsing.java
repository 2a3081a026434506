package dev.cairn.server.tenancy;

import com.mongodb.client.MongoClient;
import dev.cairn.server.TenantId;
import dev.cairn.server.data.DataException;
import dev.cairn.server.data.RecordBrowser;
import dev.cairn.server.data.RecordStore;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The console's data browser: a tenant's records by model, paged, sorted and filtered in MongoDB
 * (VIEWER), and creates, updates and deletes through the same version-checked {@link RecordStore}
 * path as the sync API, with the model's conflict strategy, so connected devices receive the change
 * live.
 *
 * <p>Admin writes are the tenant's administrators acting on its data, not an app user acting
 * through the API, so the model's {@code @auth} rules (which speak of app users, groups and API
 * keys) do not apply to them. What guards them instead: only ADMIN and OWNER may write (DEVELOPER
 * and VIEWER only read), and every write is audited as {@code data.create|update|delete} with the
 * whole record before (the exact stored version the write was checked against; none for a create)
 * and after. Owner fields are written as given, never taken from the console user. Thread-safe.
 */
@ApplicationScoped
public class DataBrowsing {
  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private ControlPlaneTransactions tx;
  private RecordStore store;
  private RecordBrowser browser;
  private Clock clock;

  /** The parsed active schema of each tenant, by its hash (replaced when the schema changes). */
  private final ConcurrentMap<String, Parsed> schemas = new ConcurrentHashMap<>();

  private record Parsed(String hash, ModelSchema schema) {}

  /** What a write did. */
  public enum Write {
    CREATE,
    UPDATE,
    DELETE
  }

  protected DataBrowsing() {}

  @Inject
  public DataBrowsing(
      ControlPlaneTransactions tx, RecordStore store, MongoClient mongo, Clock clock) {
    this.tx = tx;
    this.store = store;
    this.browser = new RecordBrowser(mongo);
    this.clock = clock;
  }

  /** The models of the tenant's active schema (empty when nothing is published). */
  public List<Model> models(Actor actor, TenantId tenant) {
    return schema(actor, tenant, Role.VIEWER).models().stream()
        .filter(m -> !m.joinModel())
        .toList();
  }

  /** One page of a model's records; see {@link RecordBrowser#page}. */
  public RecordBrowser.Page page(
      Actor actor,
      TenantId tenant,
      String model,
      Map<String, ?> filter,
      boolean withTombstones,
      String sortField,
      boolean descending,
      int first,
      int size) {
    Model m = model(schema(actor, tenant, Role.VIEWER), model);
    return data(
        () -> browser.page(tenant, m, filter, withTombstones, sortField, descending, first, size));
  }

  /**
   * Creates, updates ({@code input} holds the key, the changed fields and {@code _version}) or
   * deletes ({@code input} holds the key and {@code _version}) a record, as an ADMIN or OWNER of
   * the tenant, and audits the record before and after.
   *
   * @throws TenancyException FORBIDDEN below ADMIN, INVALID for bad input, CONFLICT when the
   *     version is stale (and the strategy refuses) or the record does not exist
   */
  public Document write(
      Actor actor, TenantId tenant, String model, Write write, Map<String, Object> input) {
    Model m = model(schema(actor, tenant, Role.ADMIN), model);
    ConflictStrategy strategy =
        tx.inTransaction(
            cp ->
                cp.conflicts()
                    .find(tenant)
                    .map(c -> c.strategyFor(m.name()))
                    .orElse(ConflictStrategy.AUTOMERGE));
    AtomicReference<Document> before = new AtomicReference<>();
    Document written =
        data(
            () ->
                switch (write) {
                  case CREATE -> store.create(tenant, m, input, null);
                  case UPDATE -> store.update(tenant, m, input, null, strategy, before::set);
                  case DELETE -> store.delete(tenant, m, input, null, strategy, before::set);
                });
    tx.inTransaction(
        cp -> {
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      "data." + write.name().toLowerCase(Locale.ROOT),
                      m.name() + "/" + keyOf(m, written),
                      before.get() == null ? null : before.get().toJson(RELAXED),
                      written.toJson(RELAXED),
                      clock.instant()));
          return null;
        });
    return written;
  }

  private static String keyOf(Model m, Document record) {
    return m.primaryKey().fields().stream()
        .map(f -> String.valueOf(record.get(f)))
        .reduce((a, b) -> a + "#" + b)
        .orElse("");
  }

  private ModelSchema schema(Actor actor, TenantId tenant, Role role) {
    SchemaVersion active =
        tx.inTransaction(
            cp -> {
              TenantAccess.require(cp, tenant, actor, role);
              return cp.schemas()
                  .active(tenant)
                  .orElseThrow(
                      () ->
                          new TenancyException(
                              TenancyException.Kind.NOT_FOUND,
                              "No active schema",
                              "tenant `" + tenant + "` has no schema yet; publish one first"));
            });
    Parsed parsed = schemas.get(tenant.slug());
    if (parsed == null || !parsed.hash().equals(active.hash())) {
      parsed =
          new Parsed(
              active.hash(), ModelSchemaParser.parse(Schemas.FILE, active.sdl()).orElseThrow());
      schemas.put(tenant.slug(), parsed);
    }
    return parsed.schema();
  }

  private static Model model(ModelSchema schema, String name) {
    return schema
        .model(name == null ? "" : name)
        .orElseThrow(
            () ->
                new TenancyException(
                    TenancyException.Kind.NOT_FOUND,
                    "No such model",
                    "the active schema has no model `" + name + "`"));
  }

  private interface DataCall<T> {
    T run();
  }

  private static <T> T data(DataCall<T> call) {
    try {
      return call.run();
    } catch (DataException.InvalidInput e) {
      throw new TenancyException(TenancyException.Kind.INVALID, "Invalid record", e.getMessage());
    } catch (DataException e) {
      throw new TenancyException(
          TenancyException.Kind.CONFLICT,
          "Write refused",
          e.getMessage() + " (" + e.errorType() + "); reload the record and try again");
    }
  }
}
