package dev.cairn.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline: a minimal Netty WebSocket broadcaster doing the same fan-out as Cairn, and nothing
 * else. A client subscribes with the text frame {@code sub <topic> <id>}; {@code POST
 * /publish?topic=&seq=} renders the change once and sends each subscriber of that topic its own
 * {@code data} envelope (as Cairn's {@code DataFrames} does), after acknowledging the publish. No
 * auth, no journal, no filter language: the floor a realtime server's send path can be held to.
 */
public final class MinimalBroadcaster {
  private static final AttributeKey<String> ID = AttributeKey.valueOf("subscription");
  private final List<List<Channel>> topics = new CopyOnWriteArrayList<>();

  private MinimalBroadcaster(int topicCount) {
    for (int i = 0; i < topicCount; i++) {
      topics.add(new CopyOnWriteArrayList<>());
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    MinimalBroadcaster broadcaster = new MinimalBroadcaster(10);
    MultiThreadIoEventLoopGroup boss =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    MultiThreadIoEventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(65536))
                    .addLast(broadcaster.new Publish())
                    .addLast(new WebSocketServerProtocolHandler("/ws", "graphql-ws", true))
                    .addLast(broadcaster.new Subscribe());
              }
            })
        .bind(port)
        .sync();
    System.out.println("broadcaster ready on " + port);
  }

  private final class Publish extends SimpleChannelInboundHandler<FullHttpRequest> {
    Publish() {
      super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (!request.uri().startsWith("/publish")) {
        ctx.fireChannelRead(request);
        return;
      }
      QueryStringDecoder query = new QueryStringDecoder(request.uri());
      int topic = Integer.parseInt(query.parameters().get("topic").get(0));
      int seq = Integer.parseInt(query.parameters().get("seq").get(0));
      request.release();
      DefaultFullHttpResponse ok =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
      ok.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
      ctx.writeAndFlush(ok);
      String rendered =
          "{\"data\":{\"onCreatePost\":{\"id\":\"p"
              + seq
              + "\",\"title\":\""
              + FanOutProbe.title(seq)
              + "\",\"topic\":"
              + topic
              + ",\"_version\":1,\"_lastChangedAt\":"
              + System.currentTimeMillis()
              + ",\"_deleted\":null}}}";
      for (Channel channel : topics.get(topic)) {
        channel.writeAndFlush(
            new TextWebSocketFrame(
                "{\"id\":\""
                    + channel.attr(ID).get()
                    + "\",\"type\":\"data\",\"payload\":"
                    + rendered
                    + "}"));
      }
    }
  }

  private final class Subscribe extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      String[] parts = frame.text().split(" ");
      if (parts.length == 3 && parts[0].equals("sub")) {
        ctx.channel().attr(ID).set(parts[2]);
        List<Channel> subscribers = topics.get(Integer.parseInt(parts[1]));
        subscribers.add(ctx.channel());
        ctx.channel()
            .closeFuture()
            .addListener((ChannelFutureListener) f -> subscribers.remove(f.channel()));
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"start_ack\"}"));
      }
    }
  }
}
