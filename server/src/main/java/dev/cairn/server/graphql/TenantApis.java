package dev.cairn.server.graphql;

import dev.cairn.server.TenantId;
import dev.cairn.server.Unproxied;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.data.RecordStore;
import dev.cairn.server.data.sync.SyncQueries;
import dev.cairn.server.tenancy.ConflictConfig;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.SchemaActivated;
import dev.cairn.server.tenancy.SchemaVersion;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The executable API of each tenant's active schema version, built once per (tenant, version) and
 * shared by every request. A version activated on this node replaces the API at once; one activated
 * on another node is picked up within {@link #RECHECK_MS} (each node re-reads the active version's
 * hash at most that often). Conflict strategies are re-read on the same schedule.
 *
 * <p>The re-read starts ahead of time: the first request after {@link #REFRESH_AHEAD_MS} re-reads
 * the control plane while the tenant's other requests keep using the API they have, so they do not
 * queue behind the re-read (they did, up to 89 ms under load, JFR of SyncBench, issue 18); only
 * once an entry is {@link #RECHECK_MS} old does a request wait for the re-read.
 *
 * <p>Each built API reads its tenant's conflict configuration from its own holder, which every
 * refresh updates; it never looks the strategy up in the cache, so an API still serving requests
 * after an activation removed its entry keeps answering the configured strategy. Thread-safe.
 */
@ApplicationScoped
public class TenantApis {
  /** This bean itself, not its client proxy (see {@link Unproxied}); it has no interceptors. */
  public Unproxied<TenantApis> instance() {
    return new Unproxied<>(this);
  }

  static final long RECHECK_MS = 2_000;

  /** How old an entry gets before one request re-reads it while the others keep using it. */
  static final long REFRESH_AHEAD_MS = RECHECK_MS / 2;

  private record Entry(
      String hash,
      TenantGraphQL api,
      AtomicReference<ConflictConfig> conflicts,
      long checkedAt,
      AtomicBoolean refreshing) {
    Entry(String hash, TenantGraphQL api, AtomicReference<ConflictConfig> conflicts, long at) {
      this(hash, api, conflicts, at, new AtomicBoolean());
    }

    boolean serves(String versionHash, boolean introspection) {
      return hash.equals(versionHash) && api.introspection() == introspection;
    }
  }

  private final ConcurrentHashMap<TenantId, Entry> cache = new ConcurrentHashMap<>();

  @Inject ControlPlaneTransactions controlPlane;
  @Inject RecordStore store;
  @Inject SyncQueries queries;
  @Inject Clock clock;
  @Inject AuthorizationPolicy policy;

  /** {@link RequestLimits#maxRecords()}; setting {@code cairn.graphql.max-records}. */
  @Inject
  @ConfigProperty(name = "cairn.graphql.max-records", defaultValue = "20000")
  int maxRecords;

  /** The tenant's API, or empty when the tenant has no active schema (or does not exist). */
  public Optional<TenantGraphQL> active(TenantId tenant) {
    long now = clock.millis();
    Entry entry = cache.get(tenant);
    if (entry != null && now - entry.checkedAt() < REFRESH_AHEAD_MS) {
      return Optional.of(entry.api());
    }
    if (entry != null && now - entry.checkedAt() < RECHECK_MS) {
      if (!entry.refreshing().compareAndSet(false, true)) {
        return Optional.of(entry.api()); // another request is re-reading it
      }
      try {
        return reread(tenant, now);
      } finally {
        entry.refreshing().set(false);
      }
    }
    return reread(tenant, now);
  }

  /** Re-reads the tenant's entry, unless another request did while this one waited for it. */
  private Optional<TenantGraphQL> reread(TenantId tenant, long now) {
    Entry fresh =
        cache.compute(
            tenant,
            (t, old) ->
                old != null && now - old.checkedAt() < REFRESH_AHEAD_MS
                    ? old
                    : refresh(t, old, now));
    return Optional.ofNullable(fresh).map(Entry::api);
  }

  void schemaActivated(@Observes SchemaActivated event) {
    cache.remove(event.tenant());
  }

  private Entry refresh(TenantId tenant, Entry old, long now) {
    record Active(
        Optional<SchemaVersion> version, ConflictConfig conflicts, boolean introspection) {}
    Active active =
        controlPlane.inTransaction(
            cp ->
                new Active(
                    cp.schemas().active(tenant),
                    cp.conflicts().find(tenant).orElseGet(() -> new ConflictConfig(tenant)),
                    cp.tenants().find(tenant).map(t -> t.introspection()).orElse(true)));
    if (active.version().isEmpty()) {
      return null;
    }
    SchemaVersion version = active.version().get();
    if (old != null && old.serves(version.hash(), active.introspection())) {
      old.conflicts().set(active.conflicts());
      return new Entry(old.hash(), old.api(), old.conflicts(), now);
    }
    AtomicReference<ConflictConfig> conflicts = new AtomicReference<>(active.conflicts());
    ModelSchema schema = ModelSchemaParser.parse("schema.graphql", version.sdl()).orElseThrow();
    TenantGraphQL api =
        TenantGraphQL.build(
            tenant,
            schema,
            new DataPlane(store, queries, model -> conflicts.get().strategyFor(model.name())),
            policy,
            RequestLimits.defaults().withMaxRecords(maxRecords),
            active.introspection());
    return new Entry(version.hash(), api, conflicts, now);
  }
}
