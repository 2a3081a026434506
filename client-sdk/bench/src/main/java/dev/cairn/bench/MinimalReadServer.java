package dev.cairn.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.bson.Document;

/**
 * The same-run baseline of {@link SyncBench}'s get-by-id figures (a main, run in its own JVM): the
 * JDK's own HTTP server answering the benchmark's {@code getPost} request with the same driver read
 * Cairn makes ({@code find(_id).first()} on the tenant's collection), and nothing else — no
 * GraphQL, no authentication, the id taken from the body by a string search. Arguments: port,
 * MongoDB connection string, database, collection, worker threads.
 */
public final class MinimalReadServer {
  private static final byte[] NOT_FOUND = "{\"data\":{\"getPost\":null}}".getBytes();
  private static final String ID = "\"id\":\"";

  private MinimalReadServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    MongoClient client = MongoClients.create(args[1]);
    MongoCollection<Document> posts = client.getDatabase(args[2]).getCollection(args[3]);
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 256);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext("/", exchange -> answer(exchange, posts));
    server.start();
    System.out.println("read server ready on " + port);
  }

  private static void answer(HttpExchange exchange, MongoCollection<Document> posts)
      throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int start = body.lastIndexOf(ID);
    byte[] out = NOT_FOUND;
    if (start >= 0) {
      String id = body.substring(start + ID.length(), body.indexOf('"', start + ID.length()));
      Document found = posts.find(Filters.eq("_id", id)).first();
      if (found != null) {
        found.remove("_id");
        out = ("{\"data\":{\"getPost\":" + found.toJson() + "}}").getBytes(StandardCharsets.UTF_8);
      }
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, out.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(out);
    }
  }
}
