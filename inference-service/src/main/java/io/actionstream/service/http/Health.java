package io.actionstream.service.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of one health check: up or down, and details shown in the JSON body.
 *
 * @param up whether the check passes (HTTP 200) or not (503)
 * @param details fields added to the body after {@code status}, in order
 */
public record Health(boolean up, Map<String, Object> details) {
  /** Copies the details, keeping their order. */
  public Health {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** The JSON body: {@code {"status":"UP"|"DOWN", ...details}}. */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.putAll(details);
    return body;
  }
}
