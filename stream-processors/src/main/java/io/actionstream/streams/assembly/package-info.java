/**
 * Clip assembly: frames of a stream become clips of T frames with stride S ({@link
 * io.actionstream.streams.assembly.ClipWindow} holds the rules, {@link
 * io.actionstream.streams.assembly.ClipAssembler} is the Kafka Streams processor).
 */
package io.actionstream.streams.assembly;
