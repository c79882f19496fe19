package io.actionstream.core.wire;

import static io.actionstream.core.wire.WireTestSupport.wireError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StreamIdsTest {
  private final Serde<String> serde = WireSerdes.streamId();

  @Test
  void shouldRoundTripUtf8StreamId() {
    byte[] bytes = serde.serializer().serialize("frames", "caméra-1");

    assertArrayEquals("caméra-1".getBytes(StandardCharsets.UTF_8), bytes);
    assertEquals("caméra-1", serde.deserializer().deserialize("frames", bytes));
  }

  @Test
  void shouldAcceptStreamIdOfExactly256Bytes() {
    assertEquals(256, StreamIds.decode(new byte[256]).length());
  }

  @Test
  void shouldRejectEmptyOverlongOrNonUtf8Keys() {
    assertEquals(WireError.INVALID_KEY, wireError(() -> StreamIds.decode(new byte[0])).error());
    assertEquals(WireError.INVALID_KEY, wireError(() -> StreamIds.decode(new byte[257])).error());
    assertEquals(
        WireError.INVALID_KEY,
        wireError(() -> StreamIds.decode(new byte[] {(byte) 0xFF, 'a'})).error());
    assertEquals(
        WireError.INVALID_KEY,
        wireError(() -> serde.serializer().serialize("frames", "é".repeat(129))).error());
    assertEquals(WireError.INVALID_KEY, wireError(() -> StreamIds.requireValid(null)).error());
  }

  @Test
  void shouldMapNullKeyToNull() {
    assertNull(serde.serializer().serialize("frames", null));
    assertNull(serde.deserializer().deserialize("frames", null));
  }
}
