/**
 * Configuration of the stream processors, declared once in {@link
 * io.actionstream.streams.config.StreamProcessorsConfig} (Kafka {@code ConfigDef}: key, doc,
 * default, validator).
 */
package io.actionstream.streams.config;
