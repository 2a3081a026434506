package dev.cairn.server.outbound;

import java.io.IOException;

/**
 * A tenant-supplied URL that Cairn will not call: a scheme other than {@code https} (or {@code
 * http} where allowed), or a host that is, or resolves to, an address that is not public and not on
 * the operator's allowlist. The message names the URL part and the rule; it is meant for the
 * tenant's admin (admin API answers, server log), never for anonymous callers.
 */
public final class OutboundRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public OutboundRefusedException(String message) {
    super(message);
  }
}
