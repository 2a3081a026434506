package dev.cairn.server.outbound;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 calls to tenant-supplied URLs, under an {@link OutboundPolicy}. The policy resolves the
 * host once and this client opens its socket to exactly that checked address (TLS still verifies
 * the certificate against the host name, and sends it as SNI), so a DNS answer that changes after
 * the check (DNS rebinding) is never followed. Redirects are not followed either: a 3xx is an
 * answer like any other status. Every call has a connect timeout and an overall deadline (a server
 * that trickles bytes cannot hold a thread longer), and answers larger than the size limit are cut
 * off with an error.
 *
 * <p>Hand-written on a socket because neither {@code java.net.http} nor {@code HttpURLConnection}
 * lets a caller choose the address a host name connects to. Thread-safe; a connection per call.
 */
public final class OutboundHttp {
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  /** A response: status, headers (names in lower case) and body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public boolean ok() {
      return status / 100 == 2;
    }
  }

  private final OutboundPolicy policy;
  private final Duration connectTimeout;
  private final Duration deadline;
  private final int maxBodyBytes;
  private final SSLSocketFactory tls;

  /**
   * @param connectTimeout how long the TCP connect may take
   * @param deadline how long the whole call may take, connect included
   * @param maxBodyBytes the largest response body accepted
   */
  public OutboundHttp(
      OutboundPolicy policy, Duration connectTimeout, Duration deadline, int maxBodyBytes) {
    this(
        policy,
        connectTimeout,
        deadline,
        maxBodyBytes,
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** With the TLS socket factory to use (tests trust a local certificate through it). */
  public OutboundHttp(
      OutboundPolicy policy,
      Duration connectTimeout,
      Duration deadline,
      int maxBodyBytes,
      SSLSocketFactory tls) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.connectTimeout = connectTimeout;
    this.deadline = deadline;
    this.maxBodyBytes = maxBodyBytes;
    this.tls = tls;
  }

  public OutboundPolicy policy() {
    return policy;
  }

  /** {@code GET uri}. */
  public Response get(URI uri, Map<String, String> headers) throws IOException {
    return call("GET", uri, headers, null);
  }

  /** {@code POST uri} with {@code body}. */
  public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
    return call("POST", uri, headers, body, deadline);
  }

  /**
   * {@code POST uri} with {@code body}, within {@code within} if that is shorter than the deadline.
   */
  public Response post(URI uri, Map<String, String> headers, byte[] body, Duration within)
      throws IOException {
    return call("POST", uri, headers, body, within.compareTo(deadline) < 0 ? within : deadline);
  }

  private Response call(String method, URI uri, Map<String, String> headers, byte[] body)
      throws IOException {
    return call(method, uri, headers, body, deadline);
  }

  private Response call(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration deadline)
      throws IOException {
    OutboundPolicy.Target target = policy.target(uri);
    byte[] head = requestHead(method, target, headers, body).getBytes(StandardCharsets.ISO_8859_1);
    long until = System.nanoTime() + deadline.toNanos();
    try (Socket socket = open(target)) {
      OutputStream out = socket.getOutputStream();
      out.write(head);
      if (body != null) {
        out.write(body);
      }
      out.flush();
      InputStream in = new BufferedInputStream(new DeadlineInput(socket, until));
      return readResponse(in);
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(
          uri + " did not answer within " + deadline.toMillis() + " ms");
    }
  }

  private Socket open(OutboundPolicy.Target target) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(target.address(), target.port()), (int) connectTimeout.toMillis());
      if (!socket.getInetAddress().equals(target.address())) {
        throw new OutboundRefusedException("connected to an address other than the checked one");
      }
      if (!target.tls()) {
        return socket;
      }
      SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
      SSLParameters params = ssl.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(params);
      ssl.setSoTimeout((int) Math.max(1, connectTimeout.toMillis()));
      ssl.startHandshake();
      return ssl;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static String requestHead(
      String method, OutboundPolicy.Target target, Map<String, String> headers, byte[] body)
      throws OutboundRefusedException {
    String path = target.uri().getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    if (target.uri().getRawQuery() != null) {
      path += "?" + target.uri().getRawQuery();
    }
    boolean defaultPort = target.port() == (target.tls() ? 443 : 80);
    String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ")
        .append(host)
        .append(defaultPort ? "" : ":" + target.port())
        .append("\r\n");
    head.append("User-Agent: Cairn\r\n");
    head.append("Connection: close\r\n");
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (unsafe(h.getKey()) || unsafe(h.getValue())) {
        throw new OutboundRefusedException("header `" + h.getKey() + "` has a line break");
      }
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private static boolean unsafe(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private Response readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("the answer is not HTTP/1.x");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("the answer has no status code");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int headerBytes = statusLine.length();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      headerBytes += l.length();
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new IOException(
            "the answer's headers are larger than " + MAX_HEADER_BYTES + " bytes");
      }
      int colon = l.indexOf(':');
      if (colon > 0) {
        headers.put(
            l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
      }
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      body = chunked(in);
    } else if (headers.containsKey("content-length")) {
      long length;
      try {
        length = Long.parseLong(headers.get("content-length"));
      } catch (NumberFormatException e) {
        throw new IOException("the answer's Content-Length is not a number");
      }
      if (length > maxBodyBytes || length < 0) {
        throw new IOException("the answer is larger than " + maxBodyBytes + " bytes");
      }
      body = in.readNBytes((int) length);
    } else {
      body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        throw new IOException("the answer is larger than " + maxBodyBytes + " bytes");
      }
    }
    return new Response(status, headers, body);
  }

  private byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("the answer's chunk size `" + hex + "` is not hexadecimal");
      }
      if (size < 0 || out.size() + (long) size > maxBodyBytes) {
        throw new IOException("the answer is larger than " + maxBodyBytes + " bytes");
      }
      if (size == 0) {
        for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
          // trailers are not used
        }
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      line(in);
    }
  }

  /** One header line without its CRLF; ends the stream early with an error. */
  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the answer ended early");
      }
      if (b == '\n') {
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == '\r') {
          sb.setLength(end - 1);
        }
        return sb.toString();
      }
      if (sb.length() >= MAX_HEADER_BYTES) {
        throw new IOException("an answer line is longer than " + MAX_HEADER_BYTES + " bytes");
      }
      sb.append((char) b);
    }
  }

  /** Reads with the socket timeout set to what is left of the deadline before every read. */
  private static final class DeadlineInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long until;

    DeadlineInput(Socket socket, long until) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.until = until;
    }

    private void arm() throws IOException {
      long left = (until - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int read() throws IOException {
      arm();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return in.read(b, off, len);
    }
  }
}
