/**
 * The service's HTTP endpoints on the JDK's built-in server: health ({@code /health/live}, {@code
 * /health/ready}) and Prometheus metrics ({@code /metrics}). See {@code docs/operations.md}.
 */
package io.actionstream.service.http;
