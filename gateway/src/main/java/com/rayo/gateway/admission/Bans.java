package com.rayo.gateway.admission;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.rayo.protocol.Jid;

/**
 * Banned JIDs: a bare JID bans that application (every resource), a full JID one
 * resource, a domain JID a whole domain. Checked on every stanza; kept in step with
 * the store so a ban made on any gateway holds on all of them.
 */
public final class Bans {
    private final Set<String> banned = ConcurrentHashMap.newKeySet();

    public boolean isBanned(Jid jid) {
        if (banned.isEmpty() || jid == null) return false;
        return banned.contains(jid.toString()) || banned.contains(jid.bare().toString()) || banned.contains(jid.domain());
    }

    /** Returns true when the JID was not banned before. */
    public boolean ban(Jid jid) { return banned.add(jid.toString()); }

    public boolean unban(Jid jid) { return banned.remove(jid.toString()); }

    /** Replaces the set with the store's (bans and lifts made by other gateways). */
    public void replaceAll(Set<String> jids) {
        banned.retainAll(jids);
        banned.addAll(jids);
    }

    public Set<String> all() { return Set.copyOf(banned); }
}
