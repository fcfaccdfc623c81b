package com.rayo.gateway.config;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    @Test void bothDomainsConnectToTheServersPortUnlessTheyHaveListenersOfTheirOwn() {
        GatewayConfig prosody = GatewayConfig.fromString("rayo.gateway.xmpp.port = 6000\n");
        assertEquals(6000, prosody.externalPort());
        assertEquals(6000, prosody.internalPort());
        GatewayConfig ejabberd = GatewayConfig.fromString("rayo.gateway.xmpp.port = 6000\nrayo.gateway.external.port = 6001\nrayo.gateway.internal.port = 6002\n");
        assertEquals(6001, ejabberd.externalPort());
        assertEquals(6002, ejabberd.internalPort());
    }

    @Test void aBadPortIsRefusedAtStartNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromString("rayo.gateway.internal.port = \"five\"\n"));
        assertTrue(e.getMessage().contains("internal.port"), e.getMessage());
    }

    @Test void theShippedPlaceholderSecretsAreRefusedForAServerOnAnotherHost() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.fromString("rayo.gateway.xmpp.host = \"10.20.30.40\"\n"));
        assertTrue(e.getMessage().contains("rayo.gateway.external.secret") && e.getMessage().contains("placeholder"), e.getMessage());
        IllegalArgumentException internal = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.fromString(
                "rayo.gateway.xmpp.host = \"10.20.30.40\"\nrayo.gateway.external.secret = \"s3cret-of-our-own\"\n"));
        assertTrue(internal.getMessage().contains("rayo.gateway.internal.secret"), internal.getMessage());
        assertDoesNotThrow(() -> GatewayConfig.fromString("rayo.gateway.xmpp.host = \"10.20.30.40\"\nrayo.gateway.external.secret = a1\nrayo.gateway.internal.secret = b2\n"));
        assertDoesNotThrow(() -> GatewayConfig.fromString("rayo.gateway.xmpp.host = \"127.0.0.1\"\n"), "placeholders are fine on loopback");
        assertDoesNotThrow(() -> GatewayConfig.fromString("rayo.gateway.xmpp.host = localhost\n"));
    }
}
