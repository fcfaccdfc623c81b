package com.rayo.gateway.admission;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.rayo.protocol.Jid;

class BansTest {
    final Bans bans = new Bans();

    @Test void aBareJidBansEveryResourceAFullJidOnlyItselfADomainEveryone() {
        bans.ban(Jid.of("app@example.com"));
        assertTrue(bans.isBanned(Jid.of("app@example.com/any")));
        assertFalse(bans.isBanned(Jid.of("other@example.com/x")));
        bans.ban(Jid.of("other@example.com/bad"));
        assertTrue(bans.isBanned(Jid.of("other@example.com/bad")));
        assertFalse(bans.isBanned(Jid.of("other@example.com/good")));
        bans.ban(Jid.of("evil.example.org"));
        assertTrue(bans.isBanned(Jid.of("anyone@evil.example.org/r")));
    }

    @Test void theStoreSetReplacesTheLocalOne() {
        bans.ban(Jid.of("a@x"));
        bans.replaceAll(Set.of("b@x"));
        assertFalse(bans.isBanned(Jid.of("a@x/r")), "lifted on another gateway");
        assertTrue(bans.isBanned(Jid.of("b@x/r")), "banned on another gateway");
    }
}
