package com.rayo.gateway.registry;

import java.util.Locale;

/**
 * Address matching for offers: {@code <sip:Support@Example.com;transport=tcp>} and
 * {@code sip:support@example.com} are the same address (scheme and host are case-insensitive,
 * URI parameters and angle brackets are not part of the identity).
 */
public final class Addresses {
    private Addresses() {}

    public static String normalize(String address) {
        if (address == null) return "";
        String a = address.trim();
        int lt = a.indexOf('<');
        int gt = a.lastIndexOf('>');
        if (lt >= 0 && gt > lt) a = a.substring(lt + 1, gt);
        int semi = a.indexOf(';');
        if (semi >= 0) a = a.substring(0, semi);
        int q = a.indexOf('?');
        if (q >= 0) a = a.substring(0, q);
        int colon = a.indexOf(':');
        int at = a.lastIndexOf('@');
        if (colon > 0 && at > colon) {
            return a.substring(0, colon).toLowerCase(Locale.ROOT) + a.substring(colon, at + 1) + a.substring(at + 1).toLowerCase(Locale.ROOT);
        }
        return a.toLowerCase(Locale.ROOT);
    }
}
