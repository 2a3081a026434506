package dev.cairn.server.api;

import static dev.cairn.server.api.GraphQLEndpointClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalDouble;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code cairn.graphql.in-listener=false} (the escape hatch), every GraphQL request goes
 * through the Servlet container again: HTTP/1.1 requests and the JDK client's h2c offers (accepted
 * there: the answer comes back in HTTP/2) are answered, and the listener answers none of them.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class GraphQLServletPathIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    Map<String, String> config = TestStack.get().serverConfig();
    config.put("cairn.graphql.in-listener", "false");
    return Deployments.server(config);
  }

  @Test
  void withTheListenerOffGraphQLRequestsAreAnsweredByTheServletPath(TestKeycloak keycloak)
      throws Exception {
    GraphQLEndpointClient endpoint = GraphQLEndpointClient.withNewTenant(base, keycloak, "servlet");
    OptionalDouble before = endpoint.listenerRequests();
    HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient offersH2c = HttpClient.newHttpClient();

    HttpResponse<String> plain =
        http11.send(
            endpoint
                .graphqlPost(HttpRequest.BodyPublishers.ofString(GraphQLEndpointClient.CREATE_POST))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> upgraded =
        offersH2c.send(
            endpoint
                .graphqlPost(HttpRequest.BodyPublishers.ofString(GraphQLEndpointClient.CREATE_POST))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> created : new HttpResponse[] {plain, upgraded}) {
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      assertThat(json(created.body()).getJsonObject("data").getJsonObject("createPost"))
          .containsEntry("title", Json.createValue("hello"));
    }
    assertThat(upgraded.version())
        .as("the Servlet path's listener accepts the h2c offer")
        .isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(endpoint.listenerRequests())
        .as("the listener's counter is absent or unchanged")
        .satisfiesAnyOf(
            after -> assertThat(after).isEmpty(), after -> assertThat(after).isEqualTo(before));
  }
}
