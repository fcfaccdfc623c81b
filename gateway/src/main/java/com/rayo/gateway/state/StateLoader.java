package com.rayo.gateway.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.rayo.NodeInfo;

/**
 * Fills the in-memory registries from the store at start: after a restart every active
 * call, node, application, address and resource is known again, so owners keep
 * controlling their calls. Runs before the sinks are attached (nothing is written back).
 */
public final class StateLoader {
    private static final Logger log = LoggerFactory.getLogger(StateLoader.class);

    private StateLoader() {}

    /**
     * Applications and their addresses from the store into the registry, at start and on
     * every refresh (other gateways' registrations). Nothing is written back, and nothing is removed here
     * (see StoreRefresher). Returns each stored application with its stored addresses.
     */
    public static java.util.Map<Application, java.util.List<String>> loadApplications(ClusterStore store, ApplicationRegistry apps) {
        java.util.Map<Application, java.util.List<String>> loaded = new java.util.LinkedHashMap<>();
        for (Rows.ApplicationRow row : store.applications()) {
            Jid jid = Jid.ofOrNull(row.jid());
            if (jid == null) continue;
            Application app = new Application(row.name(), row.platform(), jid);
            java.util.List<String> addresses = store.addressesOf(row.jid());
            apps.applyStored(app, addresses);
            loaded.put(app, addresses);
        }
        return loaded;
    }

    /**
     * Reads the cluster's state into the registries: at start, and again whenever this gateway
     * (re)gains its domains — a standby taking over from a dead gateway learns the calls, nodes and
     * resources the other one wrote. Idempotent: what is known already stays as it is.
     */
    public static void load(ClusterStore store, ApplicationRegistry apps, NodeRegistry nodes, CallRegistry calls, MixerRegistry mixers) {
        int a = 0, r = 0, n = 0, c = 0, m = 0;
        for (Application app : loadApplications(store, apps).keySet()) {
            a++;
            for (Rows.ResourceRow res : store.resourcesOf(app.jid().toString())) {
                Jid full = Jid.ofOrNull(app.jid() + "/" + res.resource());
                if (full != null) {
                    apps.resourceAvailable(full, res.offers());
                    r++;
                }
            }
        }
        for (Rows.NodeRow row : store.nodes()) {
            if (!nodes.mayRegister(row.domain()) || nodes.find(row.domain()) != null) continue; // live presence beats the stored row
            nodes.upsert(row.domain(), new NodeInfo(row.platform(), row.weight(), row.priority(), row.activeCalls(), row.capacity()),
                    "DRAINING".equals(row.status()) ? RayoNode.Status.DRAINING : RayoNode.Status.AVAILABLE);
            n++;
        }
        for (Rows.CallRow row : store.activeCalls()) {
            Jid app = Jid.ofOrNull(row.appJid());
            Jid owner = Jid.ofOrNull(row.owner());
            if (app == null || owner == null) continue;
            if (!calls.restore(new CallRecord(row.callId(), row.node(), app, owner, CallRecord.Direction.valueOf(row.direction()),
                    row.created() == null ? System.currentTimeMillis() : row.created().toEpochMilli()))) continue;
            RayoNode node = nodes.find(row.node());
            if (node != null) node.callStarted();
            c++;
        }
        for (Rows.MixerRow row : store.mixers()) {
            Jid app = row.application() == null ? null : Jid.ofOrNull(row.application());
            if (app == null || row.mixerName() == null || mixers.find(row.name()) != null) continue;
            java.util.Map<String, String> participants = new java.util.HashMap<>();
            for (Rows.ParticipantRow p : store.mixerParticipants(row.name())) participants.put(p.callId(), p.direction() == null ? "duplex" : p.direction());
            mixers.restore(row.name(), row.mixerName(), app, row.node(), row.created() == null ? System.currentTimeMillis() : row.created().toEpochMilli(), participants);
            m++;
        }
        log.info("event=state-loaded applications={} resources={} nodes={} new-calls={} new-mixers={}", a, r, n, c, m);
    }
}
