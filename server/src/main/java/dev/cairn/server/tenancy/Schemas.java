package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.spec.Compatibility;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import dev.cairn.spec.ParseResult;
import dev.cairn.spec.SchemaChange;
import dev.cairn.spec.SchemaDiff;
import dev.cairn.spec.SchemaError;
import dev.cairn.spec.SchemaHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Publishing, listing and activating a tenant's schema versions. A new SDL is validated with the
 * tenant schema language and diffed against the active version; breaking changes are refused unless
 * the caller confirms them. Activation of an older version (rollback) is diffed the same way.
 * Publishing needs DEVELOPER, reading VIEWER. Thread-safe.
 */
@ApplicationScoped
public class Schemas {
  static final String FILE = "schema.graphql";
  static final int MAX_SDL_CHARS = 1_000_000;

  private ControlPlaneTransactions tx;
  private Consumer<SchemaActivated> activated;
  private Clock clock;

  protected Schemas() {}

  @Inject
  public Schemas(ControlPlaneTransactions tx, Event<SchemaActivated> activated, Clock clock) {
    this(tx, activated::fire, clock);
  }

  Schemas(ControlPlaneTransactions tx, Consumer<SchemaActivated> activated, Clock clock) {
    this.tx = tx;
    this.activated = activated;
    this.clock = clock;
  }

  /** What publishing or activating did: the version and the changes against the previous one. */
  public record Outcome(SchemaVersion version, List<SchemaChange> changes) {}

  /**
   * Stores {@code sdl} as the tenant's next version and, when {@code activate}, makes it active.
   *
   * @throws TenancyException INVALID listing every schema error with line:column; CONFLICT listing
   *     the breaking changes when {@code confirmBreaking} is false
   */
  public Outcome publish(
      Actor actor, TenantId tenant, String sdl, boolean confirmBreaking, boolean activate) {
    if (sdl == null || sdl.isBlank()) {
      throw TenancyException.invalid(
          "the request body is empty; send the schema.graphql text as the body");
    }
    if (sdl.length() > MAX_SDL_CHARS) {
      throw TenancyException.invalid("the schema is longer than 1,000,000 characters");
    }
    ModelSchema schema = parse(sdl);
    Outcome outcome =
        tx.inTransaction(
            cp -> {
              TenantAccess.require(cp, tenant, actor, Role.DEVELOPER);
              List<SchemaChange> changes = changesFromActive(cp, tenant, schema, confirmBreaking);
              Integer previous = activeNumber(cp, tenant);
              SchemaVersion v =
                  new SchemaVersion(
                      tenant,
                      cp.schemas().nextNumber(tenant),
                      sdl,
                      SchemaHash.of(schema),
                      actor.subject(),
                      clock.instant());
              cp.schemas().add(v);
              if (activate) {
                cp.schemas().activate(v);
              }
              audit(cp, actor, tenant, "schema.publish", v, previous, changes);
              return new Outcome(v, changes);
            });
    if (activate) {
      fire(outcome.version());
    }
    return outcome;
  }

  /**
   * Makes version {@code number} active (a rollback when it is older than the active one).
   *
   * @throws TenancyException NOT_FOUND for an unknown version; CONFLICT listing breaking changes
   *     from the active version when {@code confirmBreaking} is false
   */
  public Outcome activate(Actor actor, TenantId tenant, int number, boolean confirmBreaking) {
    Outcome outcome =
        tx.inTransaction(
            cp -> {
              TenantAccess.require(cp, tenant, actor, Role.DEVELOPER);
              SchemaVersion v =
                  cp.schemas()
                      .find(tenant, number)
                      .orElseThrow(
                          () ->
                              new TenancyException(
                                  TenancyException.Kind.NOT_FOUND,
                                  "Schema version not found",
                                  "tenant `"
                                      + tenant
                                      + "` has no schema version "
                                      + number
                                      + "; list them with GET .../schemas"));
              if (v.active()) {
                return new Outcome(v, List.of());
              }
              List<SchemaChange> changes =
                  changesFromActive(cp, tenant, parse(v.sdl()), confirmBreaking);
              Integer previous = activeNumber(cp, tenant);
              cp.schemas().activate(v);
              audit(cp, actor, tenant, "schema.activate", v, previous, changes);
              return new Outcome(v, changes);
            });
    fire(outcome.version());
    return outcome;
  }

  /** Every version, newest first. */
  public List<SchemaVersion> list(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.schemas().list(tenant);
        });
  }

  /** The active version, if any version was activated. */
  public Optional<SchemaVersion> active(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.schemas().active(tenant);
        });
  }

  private static ModelSchema parse(String sdl) {
    ParseResult result = ModelSchemaParser.parse(FILE, sdl);
    if (!result.isValid()) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid schema",
          "the schema has "
              + result.errors().size()
              + " error(s); fix them and publish again (see errors)",
          result.errors().stream().map(SchemaError::toString).toList());
    }
    return result.orElseThrow();
  }

  private static List<SchemaChange> changesFromActive(
      ControlPlane cp, TenantId tenant, ModelSchema next, boolean confirmBreaking) {
    Optional<SchemaVersion> active = cp.schemas().active(tenant);
    if (active.isEmpty()) {
      return List.of();
    }
    List<SchemaChange> changes = SchemaDiff.between(parse(active.get().sdl()), next);
    List<String> breaking =
        changes.stream()
            .filter(c -> c.compatibility() == Compatibility.BREAKING)
            .map(SchemaChange::toString)
            .toList();
    if (!breaking.isEmpty() && !confirmBreaking) {
      throw new TenancyException(
          TenancyException.Kind.CONFLICT,
          "Breaking schema change",
          breaking.size()
              + " change(s) against active version "
              + active.get().number()
              + " would break apps or stored data (see errors); fix them, or repeat the request"
              + " with ?confirmBreaking=true",
          breaking);
    }
    return changes;
  }

  private void audit(
      ControlPlane cp,
      Actor actor,
      TenantId tenant,
      String action,
      SchemaVersion v,
      Integer previous,
      List<SchemaChange> changes) {
    cp.audit()
        .record(
            new AuditEvent(
                tenant,
                actor.subject(),
                action,
                "schema/" + v.number(),
                previous == null ? null : AuditJson.of(Map.of("activeVersion", previous)),
                AuditJson.of(
                    Map.of(
                        "version", v.number(),
                        "hash", v.hash(),
                        "active", v.active(),
                        "changes", changes.size())),
                clock.instant()));
  }

  private static Integer activeNumber(ControlPlane cp, TenantId tenant) {
    return cp.schemas().active(tenant).map(SchemaVersion::number).orElse(null);
  }

  private void fire(SchemaVersion v) {
    activated.accept(new SchemaActivated(v.tenant(), v.number(), v.hash(), v.sdl()));
  }
}
