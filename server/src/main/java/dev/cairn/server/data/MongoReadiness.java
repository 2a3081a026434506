package dev.cairn.server.data;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when MongoDB answers a {@code ping}. */
@Readiness
@ApplicationScoped
public class MongoReadiness implements HealthCheck {
  @Inject MongoClient mongo;

  @Override
  public HealthCheckResponse call() {
    try {
      mongo.getDatabase("admin").runCommand(new Document("ping", 1));
      return HealthCheckResponse.up("mongodb");
    } catch (MongoException e) {
      return HealthCheckResponse.named("mongodb")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
