package com.rayo.rtp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode, as rtpengine's NG protocol carries it: byte strings (kept as ISO-8859-1 Java
 * strings, so SDP bytes survive), integers, lists and dictionaries (keys in order).
 */
public final class Bencode {
    private Bencode() {}

    public static String encode(Object o) {
        StringBuilder b = new StringBuilder();
        encode(o, b);
        return b.toString();
    }

    private static void encode(Object o, StringBuilder b) {
        if (o instanceof String s) b.append(s.getBytes(StandardCharsets.ISO_8859_1).length).append(':').append(s);
        else if (o instanceof Number n) b.append('i').append(n.longValue()).append('e');
        else if (o instanceof List<?> l) {
            b.append('l');
            for (Object x : l) encode(x, b);
            b.append('e');
        } else if (o instanceof Map<?, ?> m) {
            b.append('d');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(String.valueOf(e.getKey()), b);
                encode(e.getValue(), b);
            }
            b.append('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + (o == null ? "null" : o.getClass().getSimpleName()));
        }
    }

    /** Decodes one value that must span the whole text. */
    public static Object decode(String text) throws ProtocolException {
        int[] pos = {0};
        Object v = value(text, pos, 0);
        if (pos[0] != text.length()) throw new ProtocolException("trailing bytes after the bencoded value");
        return v;
    }

    private static Object value(String t, int[] p, int depth) throws ProtocolException {
        if (depth > 32) throw new ProtocolException("bencode nested too deep");
        if (p[0] >= t.length()) throw new ProtocolException("bencode ends too early");
        char c = t.charAt(p[0]);
        if (c == 'i') {
            int end = t.indexOf('e', p[0]);
            if (end < 0) throw new ProtocolException("unterminated integer");
            try {
                long v = Long.parseLong(t.substring(p[0] + 1, end));
                p[0] = end + 1;
                return v;
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad integer");
            }
        }
        if (c == 'l' || c == 'd') {
            p[0]++;
            List<Object> items = new ArrayList<>();
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                if (p[0] >= t.length()) throw new ProtocolException("unterminated " + (c == 'l' ? "list" : "dictionary"));
                if (t.charAt(p[0]) == 'e') {
                    p[0]++;
                    return c == 'l' ? items : map;
                }
                if (c == 'l') items.add(value(t, p, depth + 1));
                else {
                    Object k = value(t, p, depth + 1);
                    if (!(k instanceof String key)) throw new ProtocolException("dictionary keys must be strings");
                    map.put(key, value(t, p, depth + 1));
                }
            }
        }
        if (c >= '0' && c <= '9') {
            int colon = t.indexOf(':', p[0]);
            if (colon < 0) throw new ProtocolException("bad string length");
            int len;
            try {
                len = Integer.parseInt(t.substring(p[0], colon));
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad string length");
            }
            if (len < 0 || colon + 1 + len > t.length()) throw new ProtocolException("string longer than the message");
            p[0] = colon + 1 + len;
            return t.substring(colon + 1, colon + 1 + len);
        }
        throw new ProtocolException("not bencode at byte " + p[0]);
    }
}
