package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;

/**
 * CDI event fired (after commit) when a schema version becomes a tenant's active version, by
 * publishing or by rolling back. Observers (the executable-schema cache) rebuild from {@code sdl}.
 */
public record SchemaActivated(TenantId tenant, int version, String hash, String sdl) {}
