package dev.cairn.server;

/**
 * An application-scoped bean itself, not its CDI client proxy, handed out by the bean's own {@code
 * instance()} for callers on a hot path: each call through a Weld client proxy looks up the bean's
 * context and thread-locals, together ~4% of a mutation's request-thread CPU (JFR of SyncBench,
 * issue 18). The holder is needed because Weld hands its proxy back in place of a bean method's
 * {@code return this}. Use it only for beans without interceptors or decorators (calling the bean
 * itself would bypass them) whose scope lives as long as the caller keeps it.
 *
 * @param bean the bean itself
 */
public record Unproxied<T>(T bean) {}
