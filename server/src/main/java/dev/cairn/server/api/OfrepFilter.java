package dev.cairn.server.api;

import dev.cairn.server.JsonJava;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.UnauthorizedException;
import dev.cairn.server.flags.FlagContexts;
import dev.cairn.server.flags.FlagPayloads;
import dev.cairn.server.flags.FlagUsage;
import dev.cairn.server.flags.TenantFlags;
import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.spec.flags.Evaluation;
import dev.cairn.spec.flags.FlagEvaluator;
import dev.cairn.spec.flags.Reason;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenFeature Remote Evaluation Protocol (OFREP v1) of a tenant, so any OpenFeature client can
 * use Cairn's flags: {@code POST /t/{tenant}/ofrep/v1/evaluate/flags} (every flag; an {@code ETag}
 * of what was served, {@code If-None-Match} answers 304) and {@code .../evaluate/flags/{key}}.
 * Callers authenticate exactly as for the tenant's GraphQL API (a token of a trusted issuer, or an
 * API key); the body's {@code context} attributes never override token claims, and only API-key
 * callers may name the user with {@code targetingKey}. A filter, because the GraphQL servlet owns
 * {@code /t/*}; every other path passes through.
 */
@WebFilter(urlPatterns = "/t/*")
public class OfrepFilter implements Filter {
  private static final Pattern PATH =
      Pattern.compile("/t/([^/]+)/ofrep/v1/evaluate/flags(?:/([^/]+))?/?");
  private static final int MAX_BODY_BYTES = 65_536;

  @Inject AppAuthenticator authenticator;
  @Inject TenantFlags flags;
  @Inject FlagUsage usage;

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher m = PATH.matcher(path);
    if (!path.contains("/ofrep/")) {
      chain.doFilter(req, res);
      return;
    }
    if (!m.matches()) {
      write(
          response,
          404,
          error(
              null,
              "GENERAL",
              "no such OFREP endpoint; use POST /t/{tenant}/ofrep/v1/evaluate/flags[/{key}]"));
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      write(response, 405, error(null, "GENERAL", "OFREP evaluations are POST requests"));
      return;
    }
    String slug = m.group(1);
    String key = m.group(2);
    if (TenantId.problemWith(slug) != null) {
      write(response, 404, error(key, "GENERAL", "no tenant `" + slug + "`"));
      return;
    }
    TenantId tenant = TenantId.of(slug);
    AppIdentity caller;
    try {
      caller = authenticator.authenticate(tenant, headers(request));
    } catch (UnauthorizedException e) {
      write(response, 401, error(key, "GENERAL", e.getMessage()));
      return;
    }
    Map<String, Object> attributes;
    try {
      attributes = context(request);
    } catch (JsonException | ClassCastException | IllegalArgumentException e) {
      write(
          response,
          400,
          error(
              key, "INVALID_CONTEXT", "the body must be {\"context\": {...}}: " + e.getMessage()));
      return;
    }
    FlagEvaluator evaluator = flags.snapshot(tenant).evaluator();
    var context = FlagContexts.of(caller, attributes);
    if (key == null) {
      Map<String, Evaluation> all = evaluator.evaluateAll(context);
      usage.evaluated(tenant, all.keySet());
      bulk(request, response, all);
    } else {
      Evaluation one = evaluator.evaluate(key, context);
      if (one.reason().errorKind() != Reason.ErrorKind.FLAG_NOT_FOUND) {
        usage.evaluated(tenant, List.of(key));
      }
      single(response, key, one);
    }
  }

  private static void bulk(
      HttpServletRequest request, HttpServletResponse response, Map<String, Evaluation> all)
      throws IOException {
    String etag = "\"" + FlagPayloads.version(all) + "\"";
    response.setHeader("ETag", etag);
    String ifNoneMatch = request.getHeader("If-None-Match");
    if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
      response.setStatus(304);
      return;
    }
    List<Object> out = new ArrayList<>();
    all.values().forEach(e -> out.add(result(e)));
    write(response, 200, Map.of("flags", out));
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static void single(HttpServletResponse response, String key, Evaluation e)
      throws IOException {
    if (e.reason().errorKind() == Reason.ErrorKind.FLAG_NOT_FOUND) {
      write(response, 404, error(key, "FLAG_NOT_FOUND", "no flag `" + key + "`"));
      return;
    }
    Map<String, Object> result = result(e);
    write(response, result.containsKey("errorCode") ? 400 : 200, result);
  }

  /** One evaluation in OFREP's shape; Cairn's own reason is in {@code metadata}. */
  private static Map<String, Object> result(Evaluation e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", e.flagKey());
    Reason reason = e.reason();
    if (reason.kind() == Reason.Kind.ERROR) {
      out.put(
          "errorCode",
          reason.errorKind() == Reason.ErrorKind.FLAG_NOT_FOUND ? "FLAG_NOT_FOUND" : "PARSE_ERROR");
      out.put("errorDetails", "flag `" + e.flagKey() + "` is " + reason.errorKind());
      return out;
    }
    out.put("reason", ofrepReason(reason));
    e.variation().ifPresent(v -> out.put("variant", v));
    e.value().ifPresent(v -> out.put("value", v));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("cairnReason", reason.kind().name());
    if (!reason.ruleId().isEmpty()) {
      metadata.put("ruleId", reason.ruleId());
    }
    if (!reason.prerequisiteKey().isEmpty()) {
      metadata.put("prerequisiteKey", reason.prerequisiteKey());
    }
    out.put("metadata", metadata);
    return out;
  }

  private static String ofrepReason(Reason reason) {
    return switch (reason.kind()) {
      case OFF, PREREQUISITE_FAILED -> "DISABLED";
      case TARGET_MATCH -> "TARGETING_MATCH";
      case RULE_MATCH -> reason.inRollout() ? "SPLIT" : "TARGETING_MATCH";
      case FALLTHROUGH -> reason.inRollout() ? "SPLIT" : "DEFAULT";
      case ERROR -> "ERROR";
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(HttpServletRequest request) throws IOException {
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (bytes.length == 0) {
      return Map.of();
    }
    JsonObject body = JsonJava.readObject(new String(bytes, StandardCharsets.UTF_8));
    JsonValue context = body.get("context");
    if (context == null || context.getValueType() == JsonValue.ValueType.NULL) {
      return Map.of();
    }
    return (Map<String, Object>) JsonJava.toJava((JsonObject) context);
  }

  private static Map<String, Object> error(String key, String code, String details) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (key != null) {
      out.put("key", key);
    }
    out.put("errorCode", code);
    out.put("errorDetails", details);
    return out;
  }

  private static Map<String, String> headers(HttpServletRequest request) {
    Map<String, String> single = new LinkedHashMap<>();
    Enumeration<String> names = request.getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      String value = request.getHeader(name);
      if (value != null) {
        single.put(name, value);
      }
    }
    return single;
  }

  private static void write(HttpServletResponse response, int status, Object body)
      throws IOException {
    byte[] bytes = JsonOutput.write(body).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
