package com.rayo.gateway.state;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.cassandra.store.MemoryStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.gateway.admission.Admission;
import com.rayo.gateway.admission.Bans;
import com.rayo.gateway.admission.RateLimiter;
import com.rayo.gateway.health.HealthSettings;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.protocol.Jid;

/**
 * What another gateway removed goes; what this gateway registered again after the last read — its
 * write maybe still queued — stays (a re-registered address was dropped for up to a refresh and the
 * calls to it declined: seen in a suite run).
 */
class StoreRefresherTest {
    final MemoryStore store = new MemoryStore();
    final ApplicationRegistry apps = new ApplicationRegistry();
    final NodeRegistry nodes = new NodeRegistry(List.of("node*.example"), HealthSettings.defaults(), Clock.systemUTC());
    final Admission admission = new Admission(false, new Bans(), new RateLimiter(new RateLimiter.Limits(new RateLimiter.Limit(0, 1), Map.of()), Clock.systemUTC()));
    final StoreRefresher refresher = new StoreRefresher(store, apps, nodes, admission.bans(),
            new ClusterAdmin(store, apps, nodes, admission, new AtomicInteger(2), Set.of("p")));
    final Jid demo = Jid.of("demo@example");

    @BeforeEach void anApplicationWithAnAddressInTheStore() {
        apps.register(new Application("demo", "p", demo));
        apps.registerAddress(demo, "sip:a@example.com");
        store.putApplication(new Rows.ApplicationRow(demo.toString(), "demo", "p"));
        store.putAddress(new Rows.AddressRow("sip:a@example.com", demo.toString()));
        refresher.refresh();
    }

    @Test void anAddressAnotherGatewayRemovedIsForgotten() {
        store.removeAddress("sip:a@example.com");
        refresher.refresh();
        assertNull(apps.ownerOf("sip:a@example.com"));
    }

    @Test void anAddressRegisteredAgainHereBeforeItsWriteIsNotLost() {
        apps.unregisterAddress("sip:a@example.com");
        store.removeAddress("sip:a@example.com");
        apps.registerAddress(demo, "sip:a@example.com"); // its write is still in the write-behind queue
        refresher.refresh();
        assertNotNull(apps.ownerOf("sip:a@example.com"), "kept until the store has caught up");
        store.putAddress(new Rows.AddressRow("sip:a@example.com", demo.toString()));
        refresher.refresh();
        store.removeAddress("sip:a@example.com"); // now another gateway removes it
        refresher.refresh();
        assertNull(apps.ownerOf("sip:a@example.com"), "a later removal elsewhere still applies");
    }
}
