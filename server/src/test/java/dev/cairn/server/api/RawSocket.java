package dev.cairn.server.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A plain TCP client for what a WebSocket library will not send: hand-written upgrade requests and
 * malformed frames, as an attacker would. Reads with a timeout, so a server that stops answering
 * fails the test instead of hanging it.
 */
final class RawSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final String host;

  private RawSocket(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.host = host;
  }

  static RawSocket open(URL base) throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(20_000);
    return new RawSocket(socket, base.getHost() + ":" + base.getPort());
  }

  /** Sends an upgrade request offering {@code graphql-ws}; returns the response head and body. */
  String upgrade(String path) throws IOException {
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: graphql-ws\r\n\r\n";
    write(request.getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = contentLength(text);
    if (length > 0) {
      text += new String(in.readNBytes(length), StandardCharsets.UTF_8);
    } else if (text.toLowerCase().contains("transfer-encoding: chunked")) {
      text += new String(chunkedBody(), StandardCharsets.UTF_8);
    }
    return text;
  }

  void write(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** Reads server frames until a close frame and returns its code (-1 if the socket just ends). */
  int closeCode() throws IOException {
    while (true) {
      int first = in.read();
      if (first < 0) {
        return -1;
      }
      int len = in.read() & 0x7F;
      if (len == 126) {
        len = (in.read() << 8) | in.read();
      } else if (len == 127) {
        throw new IOException("unexpected 64-bit server frame");
      }
      byte[] payload = in.readNBytes(len);
      if ((first & 0x0F) == 0x8) {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
      }
    }
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line().trim().split(";")[0], 16);
      if (size == 0) {
        line();
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
