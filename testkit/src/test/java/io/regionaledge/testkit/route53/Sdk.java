package io.regionaledge.testkit.route53;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** Real AWS SDK v2 Route53 clients pointed at a simulator. */
final class Sdk {
  private Sdk() {}

  static Route53Client client(Route53Simulator sim) {
    return builder(sim).build();
  }

  /** A client that does not retry, so injected faults surface as they are. */
  static Route53Client noRetries(Route53Simulator sim) {
    return builder(sim)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static software.amazon.awssdk.services.route53.Route53ClientBuilder builder(
      Route53Simulator sim) {
    return Route53Client.builder()
        .endpointOverride(sim.endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClient(UrlConnectionHttpClient.create());
  }
}
