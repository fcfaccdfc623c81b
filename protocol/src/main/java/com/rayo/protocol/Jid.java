package com.rayo.protocol;

/**
 * An XMPP address {@code local@domain/resource}. Parsing is strict enough to refuse
 * what could confuse routing (empty parts, whitespace, oversized parts), lenient
 * enough to accept every address Prosody lets through.
 */
public record Jid(String local, String domain, String resource) {
    private static final int MAX_PART = 1023;

    public Jid {
        if (local != null && local.isEmpty()) local = null;
        if (resource != null && resource.isEmpty()) resource = null;
        check("domain", domain, true);
        check("localpart", local, false);
        check("resource", resource, false);
        domain = domain.toLowerCase(java.util.Locale.ROOT);
        if (local != null && (local.indexOf('/') >= 0 || local.indexOf('@') >= 0)) throw new IllegalArgumentException("localpart contains '/' or '@'");
        if (domain.indexOf('/') >= 0 || domain.indexOf('@') >= 0) throw new IllegalArgumentException("domain contains '/' or '@'");
    }

    private static void check(String what, String part, boolean required) {
        if (part == null) {
            if (required) throw new IllegalArgumentException("JID has no " + what);
            return;
        }
        if (part.isEmpty()) throw new IllegalArgumentException("JID has an empty " + what);
        if (part.length() > MAX_PART) throw new IllegalArgumentException("JID " + what + " longer than " + MAX_PART);
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c <= ' ' && !(what.equals("resource") && c == ' ')) throw new IllegalArgumentException("JID " + what + " contains whitespace or control characters");
        }
    }

    /** Parses a JID; throws IllegalArgumentException with a reason when it is not one. */
    public static Jid of(String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("empty JID");
        int slash = s.indexOf('/');
        String resource = slash >= 0 ? s.substring(slash + 1) : null;
        String bare = slash >= 0 ? s.substring(0, slash) : s;
        if (slash >= 0 && resource.isEmpty()) throw new IllegalArgumentException("JID has an empty resource: " + s);
        int at = bare.indexOf('@');
        String local = at >= 0 ? bare.substring(0, at) : null;
        if (at >= 0 && local.isEmpty()) throw new IllegalArgumentException("JID has an empty localpart: " + s);
        return new Jid(local, at >= 0 ? bare.substring(at + 1) : bare, resource);
    }

    /** Like {@link #of} but null for null or invalid input. */
    public static Jid ofOrNull(String s) {
        if (s == null) return null;
        try {
            return of(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static Jid domain(String domain) { return new Jid(null, domain, null); }

    public Jid bare() { return resource == null ? this : new Jid(local, domain, null); }
    public boolean isBare() { return resource == null; }
    public boolean isDomainOnly() { return local == null && resource == null; }
    public Jid withDomain(String d) { return new Jid(local, d, resource); }
    public Jid withResource(String r) { return new Jid(local, domain, r); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(domain.length() + 48);
        if (local != null) sb.append(local).append('@');
        sb.append(domain);
        if (resource != null) sb.append('/').append(resource);
        return sb.toString();
    }
}
