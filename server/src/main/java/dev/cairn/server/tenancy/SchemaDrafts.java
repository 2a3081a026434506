package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.spec.ModelSchemaParser;
import dev.cairn.spec.ParseResult;
import dev.cairn.spec.SchemaChange;
import dev.cairn.spec.SchemaDiff;
import dev.cairn.spec.SchemaError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Checks a schema draft without storing anything: the same parser and validator as publishing
 * ({@link Schemas}), and the same diff against the active version, so what the console marks as you
 * type is exactly what publishing would refuse or ask to confirm. Needs VIEWER. Thread-safe.
 */
@ApplicationScoped
public class SchemaDrafts {
  private ControlPlaneTransactions tx;

  protected SchemaDrafts() {}

  @Inject
  public SchemaDrafts(ControlPlaneTransactions tx) {
    this.tx = tx;
  }

  /**
   * What publishing {@code sdl} would meet.
   *
   * @param errors every schema error with line:column; empty when the draft is valid
   * @param changes the changes against the active version (empty when invalid or none is active)
   * @param activeVersion the active version's number, if there is one
   */
  public record Check(
      List<SchemaError> errors, List<SchemaChange> changes, Optional<Integer> activeVersion) {}

  /**
   * Checks {@code sdl} against the tenant's active version.
   *
   * @throws TenancyException INVALID when the draft is longer than publishing accepts
   */
  public Check check(Actor actor, TenantId tenant, String sdl) {
    String text = sdl == null ? "" : sdl;
    if (text.length() > Schemas.MAX_SDL_CHARS) {
      throw TenancyException.invalid("the schema is longer than 1,000,000 characters");
    }
    Optional<SchemaVersion> active =
        tx.inTransaction(
            cp -> {
              TenantAccess.require(cp, tenant, actor, Role.VIEWER);
              return cp.schemas().active(tenant);
            });
    Optional<Integer> activeNumber = active.map(SchemaVersion::number);
    if (text.isBlank()) {
      return new Check(
          List.of(
              new SchemaError(Schemas.FILE, 1, 1, "the schema is empty; declare a @model type")),
          List.of(),
          activeNumber);
    }
    ParseResult draft = ModelSchemaParser.parse(Schemas.FILE, text);
    if (!draft.isValid()) {
      return new Check(draft.errors(), List.of(), activeNumber);
    }
    List<SchemaChange> changes =
        active
            .map(v -> ModelSchemaParser.parse(Schemas.FILE, v.sdl()))
            .filter(ParseResult::isValid)
            .map(previous -> SchemaDiff.between(previous.orElseThrow(), draft.orElseThrow()))
            .orElse(List.of());
    return new Check(List.of(), changes, activeNumber);
  }
}
