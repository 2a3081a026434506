package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ListenerRouteTest {
  private static Function<String, String> headers(String... nameValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put(nameValues[i], nameValues[i + 1]);
    }
    return map::get;
  }

  private static String post(String contextPath, String uri) {
    return ListenerRoute.slugOf(contextPath, uri, "POST", true, 42, headers());
  }

  @Test
  void aGraphQLPostOfAValidTenantIsTakenWithOrWithoutTheTrailingSlash() {
    assertThat(post("", "/t/shop/graphql")).isEqualTo("shop");
    assertThat(post("", "/t/shop/graphql/")).isEqualTo("shop");
    assertThat(post("/server", "/server/t/shop-2/graphql")).isEqualTo("shop-2");
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "POST", true, -1, headers()))
        .as("a chunked body")
        .isEqualTo("shop");
  }

  @Test
  void otherPathsAndPathsTheContainerWouldDecodeOrNormalizeGoToTheServlet() {
    assertThat(post("", "/t/shop/graphql/realtime")).isNull();
    assertThat(post("", "/t/shop/ofrep/v1/evaluate/flags")).isNull();
    assertThat(post("", "/t/shop/graphqlx")).isNull();
    assertThat(post("", "/t//graphql")).isNull();
    assertThat(post("", "/t/sh%6Fp/graphql")).isNull();
    assertThat(post("", "/t/shop;jsessionid=1/graphql")).isNull();
    assertThat(post("", "/t/./graphql")).isNull();
    assertThat(post("", "/x/t/shop/graphql")).isNull();
    assertThat(post("/server", "/t/shop/graphql")).as("another web module").isNull();
    assertThat(post("", "/t/NOT_A_SLUG/graphql")).as("answered 404 by the servlet").isNull();
  }

  @Test
  void anOfferToUpgradeToHttp2InClearTextIsTakenToBeAnsweredInHttp11() {
    Function<String, String> jdkClient =
        headers(
            "Connection", "Upgrade, HTTP2-Settings",
            "Upgrade", "h2c",
            "HTTP2-Settings", "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA");
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "POST", true, 42, jdkClient))
        .isEqualTo("shop");
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "POST", true, -1, jdkClient))
        .as("a chunked body")
        .isEqualTo("shop");
    assertThat(
            ListenerRoute.slugOf(
                "", "/t/shop/graphql", "POST", true, 2, headers("Upgrade", " H2C")))
        .isEqualTo("shop");
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "GET", true, -1, jdkClient))
        .as("405 from the servlet")
        .isNull();
  }

  @Test
  void otherMethodsOtherUpgradesHttp2AndOversizedDeclaredBodiesGoToTheServlet() {
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "GET", true, -1, headers())).isNull();
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "PUT", true, 2, headers())).isNull();
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "POST", false, 2, headers()))
        .as("HTTP/2")
        .isNull();
    assertThat(
            ListenerRoute.slugOf(
                "", "/t/shop/graphql", "POST", true, 2, headers("Upgrade", "websocket")))
        .isNull();
    assertThat(
            ListenerRoute.slugOf(
                "", "/t/shop/graphql", "POST", true, 2, headers("Upgrade", "h2c, websocket")))
        .as("more than an h2c offer")
        .isNull();
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "POST", true, 2, headers("Upgrade", "")))
        .isNull();
    assertThat(
            ListenerRoute.slugOf(
                "", "/t/shop/graphql", "POST", true, GraphQLRequests.MAX_BODY_BYTES, headers()))
        .isEqualTo("shop");
    assertThat(
            ListenerRoute.slugOf(
                "",
                "/t/shop/graphql",
                "POST",
                true,
                GraphQLRequests.MAX_BODY_BYTES + 1L,
                headers()))
        .isNull();
  }

  @Test
  void onlyACorsPreflightIsTakenAmongOptionsRequests() {
    assertThat(
            ListenerRoute.slugOf(
                "",
                "/t/shop/graphql",
                "OPTIONS",
                true,
                -1,
                headers("Origin", "https://app.example", "Access-Control-Request-Method", "POST")))
        .isEqualTo("shop");
    assertThat(
            ListenerRoute.slugOf(
                "", "/t/shop/graphql", "OPTIONS", true, -1, headers("Origin", "https://a.example")))
        .as("not a preflight: 405 from the servlet")
        .isNull();
    assertThat(ListenerRoute.slugOf("", "/t/shop/graphql", "OPTIONS", true, -1, headers()))
        .isNull();
  }
}
