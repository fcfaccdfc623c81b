package com.rayo.gateway.admin;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.Attribute;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.cassandra.store.MemoryStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.admission.Admission;
import com.rayo.gateway.admission.Bans;
import com.rayo.gateway.admission.RateLimiter;
import com.rayo.gateway.health.HealthSettings;
import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.gateway.routing.GatewayStats;
import com.rayo.protocol.Jid;
import com.rayo.protocol.rayo.NodeInfo;

/** The three MBeans as open MBeans on a private server, over the in-memory store. */
class AdminBeansTest {
    final MemoryStore store = new MemoryStore();
    final ApplicationRegistry apps = new ApplicationRegistry();
    final NodeRegistry nodes = new NodeRegistry(java.util.List.of("node*.example"), HealthSettings.defaults(), Clock.systemUTC());
    final Admission admission = new Admission(false, new Bans(), new RateLimiter(new RateLimiter.Limits(new RateLimiter.Limit(0, 1), Map.of()), Clock.systemUTC()));
    final AtomicInteger retries = new AtomicInteger(2);
    final ClusterAdmin admin = new ClusterAdmin(store, apps, nodes, admission, retries, Set.of("staging"));
    final MBeanServer server = MBeanServerFactory.newMBeanServer();
    final String[] levels = new String[2];
    ObjectName gateway, stats, adminName;

    @BeforeEach void register() throws Exception {
        ClusterViews views = new ClusterViews(store, nodes, new CallRegistry(), new com.rayo.gateway.registry.MixerRegistry(), admin);
        gateway = new ObjectName(AdminMBeans.GATEWAY);
        stats = new ObjectName(AdminMBeans.STATISTICS);
        adminName = new ObjectName(AdminMBeans.ADMIN);
        server.registerMBean(new GatewayBean(views), gateway);
        server.registerMBean(new GatewayStatisticsBean(views, apps, nodes, new CallRegistry(), new com.rayo.gateway.registry.MixerRegistry(), new GatewayStats(), java.util.List::of), stats);
        server.registerMBean(new AdminBean(admin, views, "gw-test", (l, v) -> { levels[0] = l; levels[1] = v; }), adminName);
        nodes.upsert("node1.example", new NodeInfo("staging", 10, 1, 3, 100), RayoNode.Status.AVAILABLE);
        store.putNode(new Rows.NodeRow("node1.example", "staging", 10, 1, "AVAILABLE", 3, 100, "gw-test", java.time.Instant.now()));
    }

    Object exec(String op, Object... args) throws Exception {
        String[] sig = new String[args.length];
        for (int i = 0; i < args.length; i++) sig[i] = args[i] instanceof Boolean ? "boolean" : args[i] instanceof Integer ? "int" : String.class.getName();
        try {
            return server.invoke(adminName, op, args, sig);
        } catch (MBeanException | RuntimeMBeanException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test void registerAnApplicationAndAnAddressThenSeeThemThroughTheGatewayBean() throws Exception {
        exec("registerApplication", "staging", "voxeolabs", "voxeolabs@example.net");
        exec("registerAddress", "voxeolabs@example.net", "sip:usera@example.net");
        assertEquals("voxeolabs", apps.find(Jid.of("voxeolabs@example.net")).name(), "in the registry");
        assertTrue(store.application("voxeolabs@example.net").isPresent(), "and in the store");
        CompositeData app = (CompositeData) server.invoke(gateway, "getClientApplication", new Object[] {"voxeolabs"}, new String[] {String.class.getName()});
        assertEquals("voxeolabs@example.net", app.get("jid"));
        assertArrayEquals(new String[] {"sip:usera@example.net"}, (String[]) app.get("addresses"));
        String[] addresses = (String[]) server.invoke(gateway, "getAddressesForJid", new Object[] {"voxeolabs@example.net/any"}, new String[] {String.class.getName()});
        assertArrayEquals(new String[] {"sip:usera@example.net"}, addresses);
        exec("unregisterAddress", "sip:usera@example.net");
        exec("unregisterApplication", "voxeolabs@example.net");
        assertNull(apps.find(Jid.of("voxeolabs@example.net")));
        assertTrue(store.application("voxeolabs@example.net").isEmpty());
    }

    @Test void badArgumentsSayWhatIsWrongAndChangeNothing() {
        assertEquals("unknown platform 'nowhere' (known: staging)",
                assertThrows(AdminException.class, () -> exec("registerApplication", "nowhere", "x", "x@example.net")).getMessage());
        assertTrue(assertThrows(AdminException.class, () -> exec("registerApplication", "staging", "x", "not a jid@@")).getMessage().contains("malformed"));
        assertTrue(assertThrows(AdminException.class, () -> exec("registerApplication", "staging", "x", "x@example.net/res")).getMessage().contains("bare"));
        assertTrue(assertThrows(AdminException.class, () -> exec("registerAddress", "ghost@example.net", "sip:a@b")).getMessage().contains("no application ghost@example.net"));
        exec2("registerApplication", "staging", "x", "x@example.net");
        assertTrue(assertThrows(AdminException.class, () -> exec("registerAddress", "x@example.net", "mailto:a@b")).getMessage().contains("malformed address"));
        assertTrue(assertThrows(AdminException.class, () -> exec("blacklist", "staging", "node9.example", true)).getMessage().contains("no Rayo node"));
        assertTrue(assertThrows(AdminException.class, () -> exec("maxDialRetries", -1)).getMessage().contains("between 0 and 100"));
        assertTrue(assertThrows(AdminException.class, () -> exec("unban", "nobody@example.net")).getMessage().contains("not banned"));
        assertEquals(1, apps.all().size(), "only the valid registration happened");
        assertTrue(apps.addressesOf(Jid.of("x@example.net")).isEmpty());
        assertEquals(2, retries.get());
    }

    void exec2(String op, Object... args) {
        try {
            exec(op, args);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test void quiesceBanBlacklistRetriesAndLogLevelsTakeEffect() throws Exception {
        exec("enableQuiesce");
        assertEquals(true, server.getAttribute(adminName, "QuiesceMode"));
        assertTrue(admission.quiesced());
        exec("disableQuiesce");
        assertFalse(admission.quiesced());
        exec("ban", "evil@example.net");
        assertTrue(admission.bans().isBanned(Jid.of("evil@example.net/x")));
        assertEquals(1, store.bans().size());
        exec("unban", "evil@example.net");
        assertFalse(admission.bans().isBanned(Jid.of("evil@example.net/x")));
        exec("blacklist", "staging", "node1.example", true);
        assertEquals(NodeState.DISABLED, nodes.find("node1.example").health().state());
        assertEquals(1, store.blacklist("staging").size());
        exec("blacklist", "staging", "node1.example", false);
        assertEquals(NodeState.PROBING, nodes.find("node1.example").health().state(), "probed before it takes calls again");
        exec("maxDialRetries", 5);
        assertEquals(5, retries.get());
        exec("setLogLevel", "com.rayo", "DEBUG");
        assertArrayEquals(new String[] {"com.rayo", "DEBUG"}, levels);
        exec("removeNode", "node1.example");
        assertNull(nodes.find("node1.example"));
    }

    @Test void gatewayAttributesAreOpenTypes() throws Exception {
        assertArrayEquals(new String[] {"staging"}, (String[]) server.getAttribute(gateway, "Platforms"));
        CompositeData[] nodeViews = (CompositeData[]) server.getAttribute(gateway, "Nodes");
        assertEquals(1, nodeViews.length);
        assertEquals("node1.example", nodeViews[0].get("domain"));
        assertEquals("AVAILABLE", nodeViews[0].get("state"));
        assertEquals(3, nodeViews[0].get("activeCalls"));
        assertEquals(1, ((CompositeData[]) server.getAttribute(gateway, "RayoNodes")).length);
        assertEquals(1L, server.getAttribute(stats, "ActiveRayoNodesCount"));
        assertEquals(0L, server.getAttribute(stats, "ActiveCallsCount"));
        assertEquals("gw-test", server.getAttribute(adminName, "ServerName"));
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> server.invoke(gateway, "callInfo", new Object[] {"nope"}, new String[] {String.class.getName()}));
        assertEquals("no call nope", e.getCause().getMessage());
        assertThrows(Exception.class, () -> server.setAttribute(adminName, new Attribute("QuiesceMode", true)), "read-only: quiesce goes through the operations");
    }
}
