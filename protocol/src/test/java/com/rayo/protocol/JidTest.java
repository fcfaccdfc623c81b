package com.rayo.protocol;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class JidTest {
    @Test void parsesAllParts() {
        Jid j = Jid.of("app@Localhost/res/with/slash");
        assertEquals("app", j.local());
        assertEquals("localhost", j.domain());
        assertEquals("res/with/slash", j.resource());
        assertEquals("app@localhost", j.bare().toString());
        assertEquals("app@localhost/res/with/slash", j.toString());
    }

    @Test void domainOnly() {
        Jid j = Jid.of("node1.localhost");
        assertTrue(j.isDomainOnly());
        assertEquals("node1.localhost", j.toString());
    }

    @Test void refusesBrokenJids() {
        for (String bad : new String[] {"", "@localhost", "app@", "app@localhost/", "a b@localhost", "app@/res"}) {
            assertThrows(IllegalArgumentException.class, () -> Jid.of(bad), bad);
            assertNull(Jid.ofOrNull(bad));
        }
    }
}
