package com.rayo.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** XEP-0114 §3: the handshake is hex(SHA-1(stream id + secret)). */
final class Handshake {
    private Handshake() {}

    static String digest(String streamId, String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest((streamId + secret).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(40);
            for (byte b : d) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
