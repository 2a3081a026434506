package dev.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * One load-generating sender: a blocking HTTP/1.1 client (Apache HttpClient's minimal classic
 * client) over one kept-alive connection, used by one thread at a time. The benchmark's senders
 * share the machine's two cores with the server under test, so what a sender costs per request is
 * taken from the server: the JDK's {@code HttpClient} hands every exchange between its selector
 * thread and the caller and costs the benchmark's JVM over 100 µs per request (SyncBench prints
 * both); this one reads and writes on the calling thread.
 */
final class BlockingHttp implements AutoCloseable {
  private final CloseableHttpClient client;

  BlockingHttp() {
    PoolingHttpClientConnectionManager connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(1)
            .setMaxConnPerRoute(1)
            .build();
    client = HttpClients.createMinimal(connections);
  }

  /** A response: its status and body. */
  record Response(int status, String body) {}

  /** POSTs {@code json} to {@code uri} with the header {@code name: value}; the answer. */
  Response postJson(URI uri, String name, String value, String json) {
    HttpPost post = new HttpPost(uri);
    post.setHeader(name, value);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    try {
      return client.execute(
          post,
          r ->
              new Response(
                  r.getCode(),
                  r.getEntity() == null
                      ? ""
                      : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
