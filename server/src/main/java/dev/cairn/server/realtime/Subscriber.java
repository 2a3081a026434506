package dev.cairn.server.realtime;

/**
 * Who opened a realtime connection or subscription, as established by the tenant's authentication
 * from the auth headers the client sent. Opaque to realtime: it is handed back to the {@link
 * SubscriptionBackend} when a subscription is compiled.
 */
public interface Subscriber {}
