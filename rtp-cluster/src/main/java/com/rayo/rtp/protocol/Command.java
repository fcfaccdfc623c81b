package com.rayo.rtp.protocol;

import java.util.List;
import java.util.Locale;

/**
 * One RTPproxy control command: {@code COOKIE VERB[MODIFIERS] ARG...}. The verb is the
 * first letter (case-insensitive); for U, L, D and Q the first argument is the call-id.
 */
public record Command(String cookie, char verb, String modifiers, List<String> args) {
    /** Longer commands are refused: a real one (with SDP-free RTPproxy syntax) is far shorter. */
    public static final int MAX_BYTES = 4096;

    public static Command parse(String line) throws ProtocolException {
        if (line == null) throw new ProtocolException("empty command");
        String l = line.strip();
        if (l.length() > MAX_BYTES) throw new ProtocolException("command longer than " + MAX_BYTES + " bytes");
        String[] parts = words(l);
        if (parts.length < 2 || parts[1].isEmpty()) throw new ProtocolException("expected 'COOKIE COMMAND ...'");
        for (char c : parts[0].toCharArray()) if (c < 0x21 || c > 0x7e) throw new ProtocolException("cookie has a non-printable character");
        String word = parts[1];
        char verb = Character.toUpperCase(word.charAt(0));
        if (verb < 'A' || verb > 'Z') throw new ProtocolException("command must start with a letter");
        return new Command(parts[0], verb, word.substring(1), List.of(parts).subList(2, parts.length));
    }

    /** Splits on runs of whitespace without compiling a regex for every command. */
    private static String[] words(String l) {
        List<String> out = new java.util.ArrayList<>(8);
        int i = 0, n = l.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(l.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(l.charAt(i))) i++;
            if (i > start) out.add(l.substring(start, i));
        }
        return out.toArray(String[]::new);
    }

    /** Session commands carry a call-id as their first argument. */
    public boolean isSession() { return verb == 'U' || verb == 'L' || verb == 'D' || verb == 'Q'; }

    public String callId() {
        if (!isSession() || args.isEmpty()) return null;
        return args.get(0);
    }

    /** The command line without the cookie, as relays get it (with their own cookie). */
    public String body() {
        StringBuilder b = new StringBuilder().append(verb).append(modifiers);
        for (String a : args) b.append(' ').append(a);
        return b.toString();
    }

    public boolean isVersionQuery() { return verb == 'V' && modifiers.toUpperCase(Locale.ROOT).isEmpty(); }

    public boolean isFeatureQuery() { return verb == 'V' && modifiers.equalsIgnoreCase("F"); }
}
