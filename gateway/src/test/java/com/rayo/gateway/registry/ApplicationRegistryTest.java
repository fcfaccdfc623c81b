package com.rayo.gateway.registry;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import com.rayo.protocol.Jid;

class ApplicationRegistryTest {
    final ApplicationRegistry apps = new ApplicationRegistry();
    final Jid demo = Jid.of("demo@localhost");

    @Test void addressesMatchOnIdentityNotSpelling() {
        apps.register(new Application("demo", "p", demo));
        apps.registerAddress(demo, "sip:Support@Example.com");
        assertEquals(demo, apps.ownerOf("<sip:Support@example.COM;transport=tcp>").jid());
        assertNull(apps.ownerOf("sip:support@example.com"), "the user part stays case-sensitive");
        apps.unregisterAddress("sip:Support@example.com");
        assertNull(apps.ownerOf("sip:Support@Example.com"));
    }

    @Test void roundRobinOverResourcesThatTakeOffers() {
        apps.register(new Application("demo", "p", demo));
        apps.resourceAvailable(Jid.of("demo@localhost/a"), true);
        apps.resourceAvailable(Jid.of("demo@localhost/b"), true);
        apps.resourceAvailable(Jid.of("demo@localhost/away"), false);
        assertEquals("a", apps.nextOfferTarget(demo).resource());
        assertEquals("b", apps.nextOfferTarget(demo).resource());
        assertEquals("a", apps.nextOfferTarget(demo).resource());
        apps.resourceUnavailable(Jid.of("demo@localhost/a"));
        apps.resourceUnavailable(Jid.of("demo@localhost/b"));
        assertNull(apps.nextOfferTarget(demo), "away resources are connected but get no offers");
        assertTrue(apps.isConnected(Jid.of("demo@localhost/away")));
    }

    @Test void applicationJidMustBeBareUserJid() {
        assertThrows(IllegalArgumentException.class, () -> new Application("x", "p", Jid.of("localhost")));
        assertThrows(IllegalArgumentException.class, () -> new Application("x", "p", Jid.of("x@localhost/r")));
    }

    @Test void nodeDomainGlobs() {
        NodeRegistry nodes = new NodeRegistry(java.util.List.of("node*.localhost", "media.example.com"), com.rayo.gateway.health.HealthSettings.defaults(), java.time.Clock.systemUTC());
        assertTrue(nodes.mayRegister("node1.localhost"));
        assertTrue(nodes.mayRegister("media.example.com"));
        assertFalse(nodes.mayRegister("localhost"));
        assertFalse(nodes.mayRegister("rayo.localhost"));
        assertFalse(nodes.mayRegister("nodeXlocalhost"), "dots are literal");
    }
}
