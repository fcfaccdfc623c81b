package com.rayo.gateway.registry;

import com.rayo.protocol.Jid;

/** A registered Rayo application: its bare JID owns its calls and addresses. */
public record Application(String name, String platform, Jid jid) {
    public Application {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("application name is empty");
        if (platform == null || platform.isBlank()) throw new IllegalArgumentException("application platform is empty");
        if (jid == null || !jid.isBare() || jid.local() == null) throw new IllegalArgumentException("application JID must be a bare user JID, got " + jid);
    }
}
