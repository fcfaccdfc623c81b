package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.gateway.Gateway;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.protocol.Jid;
import com.rayo.protocol.StanzaError;

/**
 * What changes without a restart, and which source wins: a reload (SIGHUP, the Admin's reloadConfig)
 * applies dial rate limits and retries at once and names the settings that need a restart; an
 * application declared in conf/ that an admin unregistered stays unregistered after a restart.
 */
class ConfigReloadTest {
    @Test void aReloadAppliesRunTimeSettingsAndNamesTheRestartOnes() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, "native", "", "")) {
            Gateway gw = cluster.gateway();
            RayoClient app = cluster.client("demo", "reload");
            for (int i = 0; i < 3; i++) app.dial("sip:free" + i + "@example.com", null).hangup();

            gw.reloadsFrom(() -> cluster.gatewayConfig("rayo.gateway.dial.rate-limit { per-second = 0.1, burst = 1 }\n"
                    + "rayo.gateway.dial.max-retries = 4\nrayo.gateway.dial.timeout = 9s\n"));
            String said = gw.reload();
            assertTrue(said.contains("changed but applied only by a restart: rayo.gateway.dial.timeout"), said);
            assertEquals(4, gw.admin().maxDialRetries(), "retries from the file");
            app.dial("sip:one@example.com", null).hangup();
            RayoException limited = assertThrows(RayoException.class, () -> app.dial("sip:two@example.com", null));
            assertEquals(StanzaError.RESOURCE_CONSTRAINT, limited.condition(), "the new rate limit holds at once: " + limited.getMessage());

            // Every gateway of the cluster, as the Admin's reloadConfig asks.
            gw.reloadsFrom(() -> cluster.gatewayConfig(""));
            var replies = gw.admin().broadcast(ClusterAdmin.RELOAD, "");
            assertTrue(replies.get(0).ok() && replies.get(0).body().startsWith("reloaded"), replies.toString());
            app.dial("sip:three@example.com", null).hangup(); // no limit again
        }
    }

    @Test void anApplicationAnAdminUnregisteredStaysUnregisteredThoughConfDeclaresIt() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, "native", "", "")) {
            Jid other = Jid.of("other@localhost");
            assertNotNull(cluster.gateway().applications().find(other), "declared in the gateway's configuration");
            cluster.gateway().admin().unregisterApplication("other@localhost");
            cluster.restartGateway();
            assertNull(cluster.gateway().applications().find(other), "the admin's unregister wins over conf/ at the next start");
            cluster.gateway().admin().registerApplication("staging", "other", "other@localhost");
            cluster.restartGateway();
            assertNotNull(cluster.gateway().applications().find(other), "registered again: conf/ applies again");
            assertTrue(cluster.gateway().awaitConnected(Duration.ofSeconds(10)));
        }
    }
}
