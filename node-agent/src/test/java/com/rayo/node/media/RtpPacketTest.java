package com.rayo.node.media;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** RTP headers as relays and phones send them, and datagrams that are not RTP at all. */
class RtpPacketTest {
    @Test void aBuiltPacketParsesBack() {
        ByteBuffer b = RtpPacket.build(8, true, 65535, 0xFFFFFFF0L, 0x12345678L, new byte[160]);
        RtpPacket p = RtpPacket.parse(b);
        assertEquals(8, p.payloadType());
        assertTrue(p.marker());
        assertEquals(65535, p.sequence());
        assertEquals(0xFFFFFFF0L, p.timestamp());
        assertEquals(0x12345678L, p.ssrc());
        assertEquals(12, p.payloadOffset());
        assertEquals(160, p.payloadLength());
    }

    @Test void csrcsAnExtensionAndPaddingAreSkipped() {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 8 + 4 + 4);
        b.put((byte) (0x80 | 0x20 | 0x10 | 2)).put((byte) 0).putShort((short) 1).putInt(160).putInt(7);
        b.putInt(1).putInt(2); // two CSRCs
        b.putShort((short) 0xBEDE).putShort((short) 1).putInt(0); // a one-word extension
        b.put(new byte[] {1, 2, 3, 4}); // payload
        b.put(new byte[] {0, 0, 0, 4}); // four bytes of padding
        RtpPacket p = RtpPacket.parse(b.flip());
        assertEquals(28, p.payloadOffset());
        assertEquals(4, p.payloadLength());
    }

    @Test void whatIsNotRtpIsNull() {
        assertNull(RtpPacket.parse(ByteBuffer.wrap(new byte[11])), "shorter than a header");
        assertNull(RtpPacket.parse(ByteBuffer.wrap(new byte[] {0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})), "version 1");
        byte[] lying = new byte[12];
        lying[0] = (byte) (0x80 | 0x0F); // fifteen CSRCs announced, none there
        RtpPacket p = RtpPacket.parse(ByteBuffer.wrap(lying));
        assertNull(p, "a header that claims more than the datagram holds");
    }
}
