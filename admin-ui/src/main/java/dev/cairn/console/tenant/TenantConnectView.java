package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.ApiSettings;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.Serializable;
import java.util.Optional;
import org.omnifaces.util.Faces;

/**
 * Connect an app ({@code /tenant/connect.xhtml}): for this tenant, the Amplify configuration an
 * existing DataStore app needs, the Java SDK dependency and builder lines, and curl lines for a
 * token and a first query, each ready to copy.
 */
@Named
@ViewScoped
public class TenantConnectView implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The client every provisioned realm has for the tenant's apps. */
  static final String APP_CLIENT_ID = "cairn-app";

  @Inject transient AdminApi api;
  @Inject transient ApiSettings settings;
  @Inject transient TenantContext tenant;

  private String slug;
  private String endpoint;
  private String issuer;

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    endpoint =
        settings.publicServerUrl(Faces.getRequest()) + tenant.current().getString("graphqlPath");
    Optional<JsonObject> provisioned =
        api
            .getObject("tenants/" + AdminApi.segment(slug) + "/auth")
            .getJsonArray("issuers")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(i -> i.getBoolean("provisioned"))
            .findFirst();
    issuer = provisioned.map(i -> i.getString("issuer")).orElse("<your issuer>");
  }

  public String getEndpoint() {
    return endpoint;
  }

  public String getRealtimeEndpoint() {
    return endpoint.replaceFirst("^http", "ws") + "/realtime";
  }

  public String getIssuer() {
    return issuer;
  }

  public String getClientId() {
    return APP_CLIENT_ID;
  }

  public String getAmplifyConfig() {
    return """
        import { Amplify } from 'aws-amplify';

        Amplify.configure({
          aws_appsync_graphqlEndpoint: '%s',
          aws_appsync_region: 'us-east-1', // required by Amplify, unused by Cairn
          aws_appsync_authenticationType: 'OPENID_CONNECT', // or 'API_KEY' + aws_appsync_apiKey
        }, {
          API: { GraphQL: { headers: async () => ({}) } },
          // Sign users in with OpenID Connect at %s
          // (client id %s) and give Amplify their access token:
          Auth: { tokenProvider: { getTokens: async () => ({ accessToken: myAccessToken() }) } },
        });"""
        .formatted(endpoint, issuer, APP_CLIENT_ID);
  }

  public String getSdkDependency() {
    return """
        <dependency>
          <groupId>dev.cairn</groupId>
          <artifactId>cairn-client-sdk</artifactId>
          <version>0.1.0-SNAPSHOT</version>
        </dependency>""";
  }

  public String getSdkBuilder() {
    return """
        CairnClient client = CairnClient.builder()
            .endpoint(URI.create("%s"))
            .tokenProvider(() -> myAccessToken()) // a token of %s
            .localStore(Path.of("cairn-%s.db"))
            .build();
        client.start();"""
        .formatted(endpoint, issuer, slug);
  }

  public String getCurlToken() {
    return """
        TOKEN=$(curl -s -d grant_type=password -d client_id=%s \\
          -d username=<app user> -d password=<password> \\
          %s/protocol/openid-connect/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')"""
        .formatted(APP_CLIENT_ID, issuer);
  }

  public String getCurlQuery() {
    return """
        curl -s -H "Authorization: $TOKEN" -H 'content-type: application/json' \\
          -d '{"query":"{ __schema { queryType { fields { name } } } }"}' \\
          %s"""
        .formatted(endpoint);
  }
}
