package dev.cairn.server.realtime.grizzly;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * The last filter of an upgraded realtime connection's chain (the listener's transport and TLS
 * filters, then this): hands the bytes read to the connection's {@link GrizzlyWebConnection} and
 * tells it when the connection closed. Stateless; one per listener.
 */
public final class FrameFilter extends BaseFilter {
  /** The upgraded connection's WebSocket side. */
  public static final Attribute<GrizzlyWebConnection> WIRE =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FrameFilter.class.getName() + ".wire");

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Object message = ctx.getMessage();
    if (message instanceof Buffer buffer) {
      GrizzlyWebConnection wire = WIRE.get(ctx.getConnection());
      try {
        if (wire != null) {
          wire.received(buffer);
        }
      } finally {
        buffer.tryDispose();
      }
    }
    return ctx.getStopAction();
  }

  @Override
  public NextAction handleClose(FilterChainContext ctx) throws IOException {
    GrizzlyWebConnection wire = WIRE.remove(ctx.getConnection());
    if (wire != null) {
      wire.closed();
    }
    return ctx.getInvokeAction();
  }
}
