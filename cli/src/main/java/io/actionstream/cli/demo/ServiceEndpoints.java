package io.actionstream.cli.demo;

import io.actionstream.service.ActionStreamService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP endpoints of a running service on this machine: the addresses to show a user ({@code
 * http://localhost:PORT/...}) and plain GETs of them.
 */
public final class ServiceEndpoints {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** The endpoints of {@code service}. */
  public ServiceEndpoints(ActionStreamService service) {
    this.port = service.httpAddress().getPort();
  }

  /** The address of {@code path} as a user would type it. */
  public String url(String path) {
    return "http://localhost:" + port + path;
  }

  /**
   * GETs {@code path} from the loopback address the demo's service binds.
   *
   * @throws IOException if the request fails
   */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    return client.send(
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }
}
