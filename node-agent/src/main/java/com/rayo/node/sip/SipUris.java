package com.rayo.node.sip;

import java.nio.charset.StandardCharsets;

/**
 * What a Rayo dial or redirect names as a SIP target, checked with a reason that says what is
 * wrong. A user part with characters SIP does not allow there (non-ASCII names, spaces) is
 * percent-encoded as UTF-8 (RFC 3261 section 19.1.2), so {@code sip:jürgen@host} is dialled as
 * {@code sip:j%C3%BCrgen@host} instead of being refused.
 */
final class SipUris {
    private SipUris() {}

    /** Thrown with a text for the application: what is wrong with the URI. */
    static final class Invalid extends Exception {
        Invalid(String message) { super(message); }
    }

    /** RFC 3261 unreserved / user-unreserved characters, and '%' of an escape already there. */
    private static final String USER_MARKS = "-_.!~*'()&=+$,;?/%";

    /** The URI to hand to the SIP stack: scheme checked, user part escaped where it must be. */
    static String normalize(String uri) throws Invalid {
        if (uri == null || uri.isBlank()) throw new Invalid("no SIP URI given");
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase();
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new Invalid("'" + uri + "' is not a sip: or sips: URI" + (colon < 0 ? " (no scheme)" : " (scheme '" + uri.substring(0, colon) + "')"));
        }
        String rest = uri.substring(colon + 1);
        int at = rest.lastIndexOf('@');
        String host = at < 0 ? rest : rest.substring(at + 1);
        if (host.isEmpty() || host.startsWith(";") || host.startsWith(":")) throw new Invalid("'" + uri + "' has no host");
        if (at < 0) return uri;
        String user = rest.substring(0, at);
        if (user.isEmpty()) throw new Invalid("'" + uri + "' has an empty user part before '@'");
        return uri.substring(0, colon + 1) + escapeUser(user) + "@" + host;
    }

    private static String escapeUser(String user) {
        StringBuilder out = null;
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || USER_MARKS.indexOf(c) >= 0)) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(user.substring(0, i));
            int end = Character.isHighSurrogate(c) && i + 1 < user.length() ? i + 2 : i + 1;
            for (byte b : user.substring(i, end).getBytes(StandardCharsets.UTF_8)) out.append('%').append(String.format("%02X", b & 0xff));
            i = end - 1;
        }
        return out == null ? user : out.toString();
    }
}
