/**
 * Bytes on the wire: the records that travel through ActionStream's Kafka topics and the serdes
 * that read and write them. Every layout here is specified in {@code docs/wire-format.md}, so that
 * clients in other languages can be written from that document alone.
 *
 * <ul>
 *   <li>Frames ({@link io.actionstream.core.wire.Frame}): one image per record, metadata in Kafka
 *       headers ({@link io.actionstream.core.wire.WireHeaders}), read and written by {@link
 *       io.actionstream.core.wire.FrameCodec}.
 *   <li>Clips: a compact big-endian binary layout ({@code ASCL}), {@link
 *       io.actionstream.core.wire.ClipCodec}.
 *   <li>Predictions, queries and answers: versioned JSON ({@link
 *       io.actionstream.core.wire.Prediction}, {@link io.actionstream.core.wire.Query}, {@link
 *       io.actionstream.core.wire.Answer}).
 *   <li>Dead letters: the original record plus headers that say why ({@link
 *       io.actionstream.core.wire.DeadLetters}).
 * </ul>
 *
 * <p>Everything that cannot be read fails with one exception type, {@link
 * io.actionstream.core.wire.WireFormatException}, carrying a stable {@link
 * io.actionstream.core.wire.WireError} code that dead-letter routing records as the reason class.
 * {@link io.actionstream.core.wire.WireSerdes} hands out the Kafka serdes.
 */
package io.actionstream.core.wire;
