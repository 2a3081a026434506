package dev.cairn.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Many WebSocket client connections on a small Netty event-loop group: the load generator's side.
 * Each connection gets a {@link Conversation} that answers the server's frames; the benchmark's
 * receive path is one string scan per frame.
 */
final class WsClients implements AutoCloseable {
  /** One connection's protocol: what to send once open, and what to do with each text frame. */
  interface Conversation {
    void opened(Channel channel);

    /**
     * A text frame. Data frames are recognised from their bytes (the benchmark's write number);
     * only other frames are decoded to a string, so the load generator stays cheap per message.
     */
    void received(Channel channel, ByteBuf text);

    /**
     * Completes when the connection is ready for the benchmark (e.g. subscription acknowledged).
     */
    CompletableFuture<Void> ready();
  }

  private static final int CONNECTS_PER_SECOND = Integer.getInteger("bench.connectRate", 250);
  private final MultiThreadIoEventLoopGroup group;
  private final List<Channel> channels = new ArrayList<>();

  WsClients(int threads) {
    group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
  }

  /**
   * Opens {@code count} connections to {@code uri}, at most {@code inFlight} handshakes at a time,
   * and waits until every conversation is ready.
   */
  void open(
      URI uri,
      String subprotocols,
      int count,
      int inFlight,
      Function<Integer, Conversation> conversations)
      throws Exception {
    Semaphore permits = new Semaphore(inFlight);
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    long interval = (long) (1e9 / CONNECTS_PER_SECOND);
    long due = System.nanoTime();
    for (int i = 0; i < count; i++) {
      // Stay under the server's per-tenant and per-address rates (500/s each, bursts of 500): a
      // client that fell behind (a slow first connection while the JVM warms up, a stalled
      // server) goes on at its rate from where it is instead of catching up in a burst, which
      // several load generators at once would push over the server's limits.
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      due = Math.max(due, System.nanoTime() - interval) + interval;
      permits.acquire();
      Conversation conversation = conversations.apply(i);
      conversation.ready().whenComplete((v, e) -> permits.release());
      ready.add(conversation.ready());
      Channel channel =
          bootstrap(uri, subprotocols, conversation)
              .connect(uri.getHost(), uri.getPort())
              .sync()
              .channel();
      synchronized (channels) {
        channels.add(channel);
      }
    }
    CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
  }

  int size() {
    synchronized (channels) {
      return channels.size();
    }
  }

  private Bootstrap bootstrap(URI uri, String subprotocols, Conversation conversation) {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(65536))
                    .addLast(
                        new WebSocketClientProtocolHandler(
                            WebSocketClientHandshakerFactory.newHandshaker(
                                uri,
                                WebSocketVersion.V13,
                                subprotocols,
                                false,
                                new DefaultHttpHeaders(),
                                1 << 20)))
                    .addLast(new WebSocketFrameAggregator(1 << 20))
                    .addLast(new Handler(conversation));
              }
            });
  }

  private static final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final Conversation conversation;

    Handler(Conversation conversation) {
      this.conversation = conversation;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        conversation.opened(ctx.channel());
      } else if (event
          == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        conversation.ready().completeExceptionally(new IllegalStateException("handshake timeout"));
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      conversation.received(ctx.channel(), frame.content());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      conversation.ready().completeExceptionally(new IllegalStateException("connection closed"));
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      conversation.ready().completeExceptionally(cause);
      ctx.close();
    }
  }

  /** Closes every connection (without a close handshake) and the event loops. */
  @Override
  public void close() {
    synchronized (channels) {
      channels.forEach(Channel::close);
      channels.clear();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
