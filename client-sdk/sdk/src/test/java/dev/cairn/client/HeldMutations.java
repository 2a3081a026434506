package dev.cairn.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's real {@link HttpClient}, with one fault a test switches on and off: while held, a
 * GraphQL request whose body contains {@code marker} (e.g. {@code "updateCard"}) fails as a network
 * error before it leaves, so the client keeps that mutation queued and retries it later; every
 * other request (syncs, the realtime connection) goes through. A fault injector around the real
 * client, not a fake server: it is the only way to keep one outbox entry pending,
 * deterministically, while a sync round runs.
 */
final class HeldMutations extends HttpClient {
  private final HttpClient real = HttpClient.newHttpClient();
  private final String marker;
  private volatile boolean held = true;

  HeldMutations(String marker) {
    this.marker = marker;
  }

  /** Lets the held requests through from now on. */
  void release() {
    held = false;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    if (held && body(request).contains(marker)) {
      throw new IOException("held by the test: " + marker);
    }
    return real.send(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    if (held && body(request).contains(marker)) {
      return CompletableFuture.failedFuture(new IOException("held by the test: " + marker));
    }
    return real.sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    if (held && body(request).contains(marker)) {
      return CompletableFuture.failedFuture(new IOException("held by the test: " + marker));
    }
    return real.sendAsync(request, handler, push);
  }

  /** The request body as text (the JDK's string publishers may be read more than once). */
  private static String body(HttpRequest request) {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty()) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> done = new CompletableFuture<>();
    publisher
        .get()
        .subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
              }

              @Override
              public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
              }

              @Override
              public void onComplete() {
                done.complete(null);
              }
            });
    done.join();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return real.newWebSocketBuilder();
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return real.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return real.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return real.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return real.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return real.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return real.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return real.authenticator();
  }

  @Override
  public Version version() {
    return real.version();
  }

  @Override
  public Optional<Executor> executor() {
    return real.executor();
  }
}
