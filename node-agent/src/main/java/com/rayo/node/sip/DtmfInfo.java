package com.rayo.node.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** DTMF carried in SIP INFO bodies: {@code application/dtmf-relay} ("Signal=5\r\nDuration=160") and {@code application/dtmf} ("5"). */
final class DtmfInfo {
    private static final String KEYS = "0123456789*#ABCD";

    private DtmfInfo() {}

    /** The keys of the body; null when the content type carries no DTMF; empty when the body names none. */
    static List<Character> keys(String contentType, String body) {
        String digits;
        if (contentType.equals("application/dtmf-relay")) {
            digits = "";
            for (String line : body.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase("signal")) digits = line.substring(eq + 1).strip();
            }
        } else if (contentType.equals("application/dtmf")) {
            digits = body.strip();
        } else {
            return null;
        }
        List<Character> out = new ArrayList<>();
        for (char c : digits.toUpperCase(Locale.ROOT).toCharArray()) if (KEYS.indexOf(c) >= 0) out.add(c);
        return out;
    }
}
