/**
 * The deployable inference service: {@link io.actionstream.service.ActionStreamService} wires the
 * model ({@code predict}), the Kafka Streams topology, health and metrics ({@code http}, {@code
 * metrics}) from a {@link io.actionstream.service.config.ServiceConfig}; {@link
 * io.actionstream.service.ServiceCli} is the {@code actionstream-service} command. See {@code
 * docs/operations.md}.
 */
package io.actionstream.service;
