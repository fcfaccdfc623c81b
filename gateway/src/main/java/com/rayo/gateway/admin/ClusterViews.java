package com.rayo.gateway.admin;

import java.time.Instant;
import java.util.List;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.admin.Views.ApplicationView;
import com.rayo.gateway.admin.Views.CallView;
import com.rayo.gateway.admin.Views.MixerView;
import com.rayo.gateway.admin.Views.NodeView;
import com.rayo.gateway.admin.Views.ResourceView;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.registry.RayoNode;

/**
 * The cluster as ops see it, read from Cassandra (every gateway's share), with this
 * gateway's health verdict on the nodes it knows. Unknown names are an {@link AdminException}.
 */
public final class ClusterViews {
    private final ClusterStore store;
    private final NodeRegistry nodes;
    private final ClusterAdmin admin;
    private final CallRegistry calls;
    private final MixerRegistry liveMixers;
    /** Scans of the store behind the statistics: at most one per second whatever the polling rate. */
    private final Cached<Long> activeCalls, activeClients, activeMixers;
    private final Cached<List<Rows.NodeRow>> storedNodes;
    private final Cached<ApplicationView[]> applicationViews;
    private final Cached<ResourceView[]> clients;

    public ClusterViews(ClusterStore store, NodeRegistry nodes, CallRegistry calls, MixerRegistry mixers, ClusterAdmin admin) {
        this.store = store;
        this.nodes = nodes;
        this.calls = calls;
        this.liveMixers = mixers;
        this.admin = admin;
        activeCalls = new Cached<>(() -> (long) store.activeCalls().size(), 1000, System::nanoTime);
        activeClients = new Cached<>(() -> store.applications().stream().filter(a -> !store.resourcesOf(a.jid()).isEmpty()).count(), 1000, System::nanoTime);
        activeMixers = new Cached<>(() -> (long) store.mixers().size(), 1000, System::nanoTime);
        storedNodes = new Cached<>(store::nodes, 1000, System::nanoTime);
        applicationViews = new Cached<>(() -> store.applications().stream().map(this::applicationView).toArray(ApplicationView[]::new), 1000, System::nanoTime);
        clients = new Cached<>(() -> store.applications().stream().flatMap(a -> List.of(resources(a.jid())).stream()).toArray(ResourceView[]::new),
                1000, System::nanoTime);
    }

    public String[] platforms() { return admin.platforms().toArray(String[]::new); }

    /** Lists are read from the store at most once a second: polling dashboards cost Cassandra nothing more. */
    public NodeView[] nodes() { return nodeViews(storedNodes.get()); }

    public NodeView[] nodes(String platform) {
        if (platform == null || !admin.platforms().contains(platform.trim())) throw new AdminException("unknown platform '" + platform + "'");
        return nodeViews(storedNodes.get().stream().filter(n -> n.platform().equals(platform.trim())).toList());
    }

    private NodeView[] nodeViews(List<Rows.NodeRow> rows) {
        return rows.stream().map(r -> {
            RayoNode live = nodes.find(r.domain());
            String state = live != null ? live.stateName() : r.status();
            int calls = live != null ? live.load() : r.activeCalls();
            return new NodeView(r.domain(), r.platform(), r.weight(), r.priority(), state, calls, r.capacity());
        }).toArray(NodeView[]::new);
    }

    public ApplicationView[] applications() { return applicationViews.get(); }

    public ApplicationView application(String appId) {
        Application app = admin.application(appId);
        return store.application(app.jid().toString()).map(this::applicationView)
                .orElseGet(() -> applicationView(new Rows.ApplicationRow(app.jid().toString(), app.name(), app.platform())));
    }

    private ApplicationView applicationView(Rows.ApplicationRow r) {
        return new ApplicationView(r.jid(), r.name(), r.platform(), store.addressesOf(r.jid()).toArray(String[]::new),
                store.resourcesOf(r.jid()).stream().map(res -> r.jid() + "/" + res.resource()).toArray(String[]::new));
    }

    public ResourceView[] activeClients() { return clients.get(); }

    /** Resources of an application given by JID or name. */
    public ResourceView[] resourcesOf(String appId) {
        return resources(admin.application(appId).jid().toString());
    }

    private ResourceView[] resources(String appJid) {
        return store.resourcesOf(appJid).stream().map(r -> new ResourceView(appJid + "/" + r.resource(), r.offers(), r.gateway()))
                .toArray(ResourceView[]::new);
    }

    public String[] addressesOf(String appId) {
        return store.addressesOf(admin.application(appId).jid().toString()).toArray(String[]::new);
    }

    public long activeClientsCount() { return activeClients.get(); }

    public long activeMixersCount() { return activeMixers.get(); }

    public CallView call(String callId) {
        if (callId == null || callId.isBlank()) throw new AdminException("call id is empty");
        String id = callId.trim();
        return store.call(id).map(ClusterViews::callView).orElseGet(() -> {
            // Started a moment ago on this gateway, not written yet (write-behind).
            CallRecord c = calls.find(id);
            if (c == null) throw new AdminException("no call " + id);
            return new CallView(c.callId(), c.nodeDomain(), c.application().toString(), c.owner().toString(), c.direction().name(), "active", null,
                    Instant.ofEpochMilli(c.createdMillis()).toString(), null, null);
        });
    }

    private static CallView callView(Rows.CallRow c) {
        return new CallView(c.callId(), c.node(), c.appJid(), c.owner(), c.direction(), c.state(), c.gateway(), text(c.created()), text(c.ended()),
                c.endReason());
    }

    public long activeCallsCount() { return activeCalls.get(); }

    /** The running verbs of an active call this gateway routes; null when the id is no such call. */
    public String[] verbsOfCall(String callId) {
        if (callId == null || calls.find(callId.trim()) == null) return null;
        return calls.components(callId.trim()).toArray(new String[0]);
    }

    public CallView[] calls(String filter, int pageSize, int page) {
        if (pageSize < 1 || pageSize > 1000) throw new AdminException("page size must be between 1 and 1000, got " + pageSize);
        if (page < 1) throw new AdminException("pages start at 1, got " + page);
        String f = filter == null ? "" : filter.trim();
        return store.activeCalls().stream()
                .filter(c -> f.isEmpty() || String.join(" ", c.callId(), c.node(), c.appJid(), c.owner()).contains(f))
                .sorted(java.util.Comparator.comparing(Rows.CallRow::created, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .skip((long) (page - 1) * pageSize).limit(pageSize)
                .map(ClusterViews::callView).toArray(CallView[]::new);
    }

    public MixerView[] mixers() {
        return store.mixers().stream().map(this::mixerView).toArray(MixerView[]::new);
    }

    /** A mixer by its id, or by its name when only one application has a mixer of that name. */
    public MixerView mixer(String idOrName) {
        return mixerView(mixerRow(idOrName));
    }

    /** The running verbs of a mixer (given as for {@link #mixer}) this gateway routes. */
    public String[] verbsOfMixer(String idOrName) {
        MixerRecord live = liveMixers.find(mixerRow(idOrName).name());
        return live == null ? new String[0] : live.components().toArray(new String[0]);
    }

    private Rows.MixerRow mixerRow(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) throw new AdminException("mixer id or name is empty");
        String key = idOrName.trim();
        List<Rows.MixerRow> all = store.mixers();
        for (Rows.MixerRow m : all) if (m.name().equals(key)) return m;
        List<Rows.MixerRow> named = all.stream().filter(m -> key.equalsIgnoreCase(m.mixerName())).toList();
        if (named.size() == 1) return named.get(0);
        if (named.isEmpty()) throw new AdminException("no mixer " + key);
        throw new AdminException("mixer name " + key + " is used by " + named.size() + " applications: give its id, one of "
                + String.join(", ", named.stream().map(Rows.MixerRow::name).toList()));
    }

    private MixerView mixerView(Rows.MixerRow m) {
        List<Rows.ParticipantRow> ps = store.mixerParticipants(m.name());
        return new MixerView(m.mixerName(), m.name(), m.application(), m.node(), text(m.created()),
                ps.stream().map(p -> p.callId() + " (" + p.direction() + ")").toArray(String[]::new),
                ps.stream().filter(Rows.ParticipantRow::speaking).map(Rows.ParticipantRow::callId).toArray(String[]::new));
    }

    private static String text(Instant t) { return t == null ? null : t.toString(); }
}
