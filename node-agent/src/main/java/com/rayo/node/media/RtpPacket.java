package com.rayo.node.media;

import java.nio.ByteBuffer;

/** An RTP packet's header fields (RFC 3550) and where its payload is in the buffer. */
record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, int payloadOffset, int payloadLength) {
    /** The packet in {@code b} (position 0 to limit), or null when it is not RTP version 2. */
    static RtpPacket parse(ByteBuffer b) {
        int len = b.limit();
        if (len < 12) return null;
        int first = b.get(0) & 0xFF;
        if (first >> 6 != 2) return null;
        int csrc = first & 0x0F;
        int offset = 12 + 4 * csrc;
        if ((first & 0x10) != 0) { // header extension
            if (len < offset + 4) return null;
            offset += 4 + 4 * (b.getShort(offset + 2) & 0xFFFF);
        }
        int end = len;
        if ((first & 0x20) != 0 && len > offset) end -= b.get(len - 1) & 0xFF; // padding
        if (end < offset) return null;
        int second = b.get(1) & 0xFF;
        return new RtpPacket(second & 0x7F, (second & 0x80) != 0, b.getShort(2) & 0xFFFF, b.getInt(4) & 0xFFFFFFFFL,
                b.getInt(8) & 0xFFFFFFFFL, offset, end - offset);
    }

    static ByteBuffer build(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) sequence).putInt((int) timestamp).putInt((int) ssrc).put(payload);
        return b.flip();
    }
}
