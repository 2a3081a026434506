package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;

/**
 * A CDI event: an API key of {@code tenant} was revoked on this node. Realtime ends the key's open
 * subscriptions at once; other nodes stop accepting the key within the credential cache's 2 s.
 */
public record ApiKeyRevoked(TenantId tenant, String keyId) {}
