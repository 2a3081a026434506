package dev.cairn.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** The subscriber side of each server under test, feeding data frames to a {@link FanOutProbe}. */
final class Conversations {
  private Conversations() {}

  /** The probe the current run records into; swapped between runs. */
  static final class ProbeRef {
    volatile FanOutProbe probe;
  }

  static final String SUBSCRIPTION =
      "subscription operation($filter: ModelSubscriptionPostFilterInput) {"
          + " onCreatePost(filter: $filter) { id title topic _version _lastChangedAt _deleted } }";

  /** AppSync's protocol: connection_init, then one filtered {@code start} on {@code topic}. */
  static WsClients.Conversation appSync(
      String subscriptionId, int topic, String auth, ProbeRef probe) {
    String query =
        "{\"query\":\""
            + SUBSCRIPTION
            + "\",\"variables\":{\"filter\":{\"topic\":{\"eq\":"
            + topic
            + "}}}}";
    String start =
        "{\"id\":\""
            + subscriptionId
            + "\",\"type\":\"start\",\"payload\":{\"data\":"
            + jsonString(query)
            + ",\"extensions\":{\"authorization\":"
            + auth
            + "}}}";
    CompletableFuture<Void> ready = new CompletableFuture<>();
    return new WsClients.Conversation() {
      @Override
      public void opened(Channel channel) {
        channel.writeAndFlush(new TextWebSocketFrame("{\"type\":\"connection_init\"}"));
      }

      @Override
      public void received(Channel channel, ByteBuf frame) {
        int seq = FanOutProbe.seq(frame);
        if (seq >= 0) {
          FanOutProbe p = probe.probe;
          if (p != null) {
            p.received(seq);
          }
          return;
        }
        String text = frame.toString(StandardCharsets.UTF_8);
        if (text.startsWith("{\"type\":\"ka\"")) {
          return;
        }
        if (text.contains("connection_ack")) {
          channel.writeAndFlush(new TextWebSocketFrame(start));
        } else if (text.contains("start_ack")) {
          ready.complete(null);
        } else if (text.contains("error")) {
          ready.completeExceptionally(new IllegalStateException(text));
        }
      }

      @Override
      public CompletableFuture<Void> ready() {
        return ready;
      }
    };
  }

  /** The minimal broadcaster's protocol: {@code sub <topic> <id>}. */
  static WsClients.Conversation broadcaster(String subscriptionId, int topic, ProbeRef probe) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    return new WsClients.Conversation() {
      @Override
      public void opened(Channel channel) {
        channel.writeAndFlush(new TextWebSocketFrame("sub " + topic + " " + subscriptionId));
      }

      @Override
      public void received(Channel channel, ByteBuf frame) {
        int seq = FanOutProbe.seq(frame);
        if (seq >= 0) {
          FanOutProbe p = probe.probe;
          if (p != null) {
            p.received(seq);
          }
        } else if (frame.toString(StandardCharsets.UTF_8).contains("start_ack")) {
          ready.complete(null);
        }
      }

      @Override
      public CompletableFuture<Void> ready() {
        return ready;
      }
    };
  }

  static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
