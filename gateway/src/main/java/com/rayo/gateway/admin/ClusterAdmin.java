package com.rayo.gateway.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.admission.Admission;
import com.rayo.gateway.cluster.Broadcasts;
import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.Addresses;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.gateway.routing.CallTerminator;
import com.rayo.protocol.Jid;

/**
 * What administrators change: quiesce, bans, node blacklists, dial retries, applications
 * and addresses, node removal. Arguments are checked first (an {@link AdminException}
 * says what is wrong and nothing changes); cluster-wide changes are written to the store
 * at once, so every gateway applies them at its next refresh (≤ store.refresh-interval).
 */
public final class ClusterAdmin {
    private static final Logger log = LoggerFactory.getLogger(ClusterAdmin.class);

    private final ClusterStore store;
    private final ApplicationRegistry applications;
    private final NodeRegistry nodes;
    private final Admission admission;
    private final AtomicInteger dialMaxRetries;
    private final Set<String> configuredPlatforms;
    private volatile CallTerminator terminator;
    private volatile Broadcasts broadcasts;
    private volatile Duration broadcastTimeout = Duration.ofSeconds(2);
    private volatile java.util.function.Supplier<java.util.List<com.rayo.gateway.cluster.Peer>> peers = java.util.List::of;

    public ClusterAdmin(ClusterStore store, ApplicationRegistry applications, NodeRegistry nodes, Admission admission,
                        AtomicInteger dialMaxRetries, Set<String> configuredPlatforms) {
        this.store = store;
        this.applications = applications;
        this.nodes = nodes;
        this.admission = admission;
        this.dialMaxRetries = dialMaxRetries;
        this.configuredPlatforms = Set.copyOf(configuredPlatforms);
    }

    /** The membership view the cluster operations read. */
    public void attach(java.util.function.Supplier<java.util.List<com.rayo.gateway.cluster.Peer>> membership) { this.peers = membership; }

    public java.util.List<com.rayo.gateway.cluster.Peer> peers() { return peers.get(); }

    /** clusterer_set_status: stored at once, every gateway's membership shows it at its next round. */
    public void setPeerStatus(String gatewayId, boolean enabled) {
        if (gatewayId == null || gatewayId.isBlank()) throw new AdminException("gateway id is empty");
        String id = gatewayId.trim();
        if (peers().stream().noneMatch(p -> p.id().equals(id))) throw new AdminException("no gateway " + id + " in the cluster");
        store.setGatewayDisabled(id, !enabled);
        log.warn("event=peer-status peer={} enabled={} by=admin", id, enabled);
    }

    /** Where cluster-wide requests go (clusterStatistics, clusterSetLogLevel), and how long replies are waited for. */
    public void attach(Broadcasts broadcasts, Duration timeout) {
        this.broadcasts = broadcasts;
        this.broadcastTimeout = timeout;
    }

    /**
     * A request to every gateway (clusterer broadcast): this gateway's reply first, then each peer's.
     * Refused as a whole when this gateway cannot do it (a bad argument): nothing is sent.
     */
    public java.util.List<Broadcasts.Reply> broadcast(String kind, String body) {
        Broadcasts b = broadcasts;
        if (b == null) throw new AdminException("cluster requests are not available on this gateway");
        try {
            java.util.List<Broadcasts.Reply> replies = b.request(kind, body, broadcastTimeout, r -> { });
            if (!replies.get(0).ok()) throw new AdminException(replies.get(0).body());
            return replies;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the replies of " + kind, e);
        }
    }

    /**
     * Drains a node (no new calls; the calls up finish within {@code timeoutSeconds}, 0 = the node's
     * own drain-timeout, then end): whichever gateway holds the domains tells it. Returns that reply.
     */
    public String drainNode(String node, int timeoutSeconds) {
        if (timeoutSeconds < 0) throw new AdminException("drain timeout must be 0 (the node's default) or more seconds, got " + timeoutSeconds);
        return nodeRequest(DRAIN_NODE, nodeName(node) + (timeoutSeconds > 0 ? " " + timeoutSeconds * 1000L : ""));
    }

    public String resumeNode(String node) { return nodeRequest(RESUME_NODE, nodeName(node)); }

    /** Hangs up a live call, wherever the domains are held; returns the holder's reply. */
    public String hangupCall(String callId) {
        if (callId == null || callId.isBlank() || callId.trim().contains(" ")) throw new AdminException("call id must be one word, got '" + callId + "'");
        return nodeRequest(HANGUP_CALL, callId.trim());
    }

    private static String nodeName(String node) {
        if (node == null || node.isBlank() || node.trim().contains(" ")) throw new AdminException("node must be a node's domain, e.g. node1.localhost, got '" + node + "'");
        return node.trim();
    }

    /** A request only the holder can do: its reply, or every gateway's reason when none could. */
    private String nodeRequest(String kind, String body) {
        Broadcasts b = broadcasts;
        if (b == null) throw new AdminException("cluster requests are not available on this gateway");
        try {
            java.util.List<Broadcasts.Reply> replies = b.request(kind, body, broadcastTimeout, r -> { });
            for (Broadcasts.Reply r : replies) if (r.ok()) return r.body();
            throw new AdminException(String.join("; ", replies.stream().map(r -> r.gateway() + ": " + r.body()).toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the replies of " + kind, e);
        }
    }

    /** Set once routing is wired (removing a node ends its calls). */
    public void attach(CallTerminator terminator) { this.terminator = terminator; }

    /** Platforms of this cluster: configured ones, those of applications and of nodes. */
    public Set<String> platforms() {
        Set<String> out = new TreeSet<>(configuredPlatforms);
        for (Application a : applications.all()) out.add(a.platform());
        for (RayoNode n : nodes.all()) out.add(n.platform());
        try {
            for (Rows.NodeRow n : store.nodes()) out.add(n.platform());
        } catch (RuntimeException e) {
            log.debug("event=platforms-from-store-failed reason=\"{}\"", e.getMessage());
        }
        return out;
    }

    public boolean quiesced() { return admission.quiesced(); }

    /**
     * Cluster-wide: applied here at once, stored (so a gateway that is down or cut off now applies it
     * when it is back), and broadcast so every gateway applies it within a poll and says so (replies
     * logged as events; not waited for).
     */
    public void quiesce(boolean on) {
        localChanges.incrementAndGet();
        unstoredQuiesce = on;
        applyQuiesce(on);
        storeQuiesce();
        Broadcasts b = broadcasts;
        if (b == null) return;
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                b.request(QUIESCE, Boolean.toString(on), broadcastTimeout, r -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("event=quiesce-not-broadcast mode={} reason=\"{}\" (the stored setting still reaches every gateway)", on ? "on" : "off", e.getMessage());
            }
        });
    }

    /** A quiesce the store could not take yet (it was down): stored before the next refresh reads it back. */
    private volatile Boolean unstoredQuiesce;

    /** Called by the refresher before it reads the settings, so a value set during an outage is not overwritten by the old one. */
    public void storeQuiesce() {
        Boolean on = unstoredQuiesce;
        if (on == null) return;
        try {
            store.putSetting(QUIESCE, Boolean.toString(on));
            if (unstoredQuiesce == on) unstoredQuiesce = null;
        } catch (RuntimeException e) {
            log.warn("event=quiesce-not-stored-yet mode={} reason=\"{}\" scope=this-gateway", on ? "on" : "off", e.getMessage());
        }
    }

    public static final String QUIESCE = "quiesce";
    /** Requests the gateway holding the domains answers by telling a node (only it talks to nodes). */
    public static final String DRAIN_NODE = "drain-node", RESUME_NODE = "resume-node", HANGUP_CALL = "hangup-call";
    /** Settings key marking an application an admin unregistered (value: when; empty: registered again). */
    public static final String UNREGISTERED = "unregistered:";
    /** Every gateway reads its configuration file again. */
    public static final String RELOAD = "reload-config";

    /** A quiesce set on any gateway (read from the store by the refresher). */
    public void applyQuiesce(boolean on) {
        if (admission.setQuiesced(on) != on) log.warn("event=quiesce mode={}", on ? "on" : "off");
    }

    public void ban(String jid, String reason) {
        Jid j = jid(jid, "jid");
        localChanges.incrementAndGet();
        store.putBan(new Rows.BanRow(j.toString(), reason, Instant.now()));
        if (admission.bans().ban(j)) log.warn("event=banned jid={}", j);
    }

    public void unban(String jid) {
        Jid j = jid(jid, "jid");
        if (!admission.bans().all().contains(j.toString())) throw new AdminException(j + " is not banned");
        localChanges.incrementAndGet();
        store.removeBan(j.toString());
        if (admission.bans().unban(j)) log.info("event=unbanned jid={}", j);
    }

    /** An admin blacklist disables a node on every gateway until it is lifted (then the node is probed back). */
    public void blacklist(String platform, String hostname, boolean on) {
        String p = platform(platform);
        RayoNode n = node(hostname);
        if (!n.platform().equals(p)) throw new AdminException("node " + n.domain() + " is on platform " + n.platform() + ", not " + p);
        if (on) store.putBlacklist(new Rows.BlacklistRow(p, n.domain(), "admin", null));
        else store.removeBlacklist(p, n.domain());
        setDisabled(n, on);
    }

    /** Applies an admin blacklist read from the store (another gateway's change). */
    public void setDisabled(RayoNode n, boolean disable) {
        NodeState before = disable ? n.health().disable() : n.health().enable();
        if (before != n.health().state()) {
            log.info("event=node-state node={} from={} to={} by=admin", n.domain(), before, n.health().state());
            nodes.changed(n);
        }
    }

    /** Cluster-wide: stored, and applied by every gateway at its next refresh. */
    /** Bans, quiesce and dial retries changed by an administrator on this gateway so far (see StoreRefresher). */
    public long localChanges() { return localChanges.get(); }

    private final java.util.concurrent.atomic.AtomicLong localChanges = new java.util.concurrent.atomic.AtomicLong();

    public void setMaxDialRetries(int retries) {
        if (retries < 0 || retries > 100) throw new AdminException("maxDialRetries must be between 0 and 100, got " + retries);
        localChanges.incrementAndGet();
        store.putSetting(MAX_DIAL_RETRIES, Integer.toString(retries));
        applyMaxDialRetries(retries);
    }

    public static final String MAX_DIAL_RETRIES = "max-dial-retries";

    /** A value set on any gateway (read from the store by the refresher). */
    public void applyMaxDialRetries(int retries) {
        if (dialMaxRetries.getAndSet(retries) != retries) log.info("event=max-dial-retries value={}", retries);
    }

    public int maxDialRetries() { return dialMaxRetries.get(); }

    /** Forgets a node: its calls end for their owners; it comes back only by announcing itself again. */
    public void removeNode(String jid) {
        RayoNode n = node(jid);
        if (terminator != null) terminator.nodeLost(n.domain(), "removed by an administrator");
        else nodes.remove(n.domain());
        log.warn("event=node-removed node={} by=admin", n.domain());
    }

    public void registerApplication(String platform, String name, String jid) {
        String p = platform(platform);
        if (name == null || name.isBlank()) throw new AdminException("application name is empty");
        Jid j = jid(jid, "application JID");
        if (!j.isBare() || j.local() == null) throw new AdminException("application JID must be a bare user JID (user@domain), got " + jid);
        Application app = new Application(name.trim(), p, j);
        store.putApplication(new Rows.ApplicationRow(j.toString(), app.name(), p));
        store.putSetting(UNREGISTERED + j, "");
        applications.register(app);
        log.info("event=application-registered jid={} name={} platform={}", j, app.name(), p);
    }

    public void unregisterApplication(String jid) {
        Application app = application(jid);
        for (String a : applications.addressesOf(app.jid())) store.removeAddress(a);
        store.removeApplication(app.jid().toString());
        // Remembered, so an application declared in conf/ does not come back at the next start.
        store.putSetting(UNREGISTERED + app.jid(), java.time.Instant.now().toString());
        applications.unregister(app.jid());
        log.info("event=application-unregistered jid={}", app.jid());
    }

    public void registerAddress(String jid, String address) {
        Application app = application(jid);
        String a = address(address);
        store.putAddress(new Rows.AddressRow(a, app.jid().toString()));
        applications.registerAddress(app.jid(), a);
        log.info("event=address-registered address={} jid={}", a, app.jid());
    }

    public void unregisterAddress(String address) {
        String a = address(address);
        if (applications.ownerOf(a) == null && store.address(a).isEmpty()) throw new AdminException("no application owns the address " + a);
        store.removeAddress(a);
        applications.unregisterAddress(a);
        log.info("event=address-unregistered address={}", a);
    }

    public java.util.List<Application> applications() { return applications.all(); }

    public java.util.List<String> addressesOf(Jid app) { return applications.addressesOf(app); }

    // argument checks

    public Application application(String jidOrName) {
        if (jidOrName == null || jidOrName.isBlank()) throw new AdminException("application JID is empty");
        Jid j = Jid.ofOrNull(jidOrName.trim());
        Application app = j == null ? null : applications.find(j);
        if (app == null) app = applications.all().stream().filter(a -> a.name().equals(jidOrName.trim())).findFirst().orElse(null);
        if (app == null) throw new AdminException("no application " + jidOrName.trim());
        return app;
    }

    public RayoNode node(String domain) {
        if (domain == null || domain.isBlank()) throw new AdminException("node name is empty");
        Jid j = Jid.ofOrNull(domain.trim());
        RayoNode n = j == null ? null : nodes.find(j.domain());
        if (n == null) throw new AdminException("no Rayo node " + domain.trim());
        return n;
    }

    private String platform(String platform) {
        if (platform == null || platform.isBlank()) throw new AdminException("platform is empty");
        String p = platform.trim();
        if (!platforms().contains(p)) throw new AdminException("unknown platform '" + p + "' (known: " + String.join(", ", platforms()) + ")");
        return p;
    }

    private static Jid jid(String s, String what) {
        Jid j = s == null ? null : Jid.ofOrNull(s.trim());
        if (j == null) throw new AdminException("malformed " + what + ": '" + s + "'");
        return j;
    }

    /** sip:, sips: or tel: URIs, as offers carry them, normalized; an {@link AdminException} says what is wrong otherwise. */
    public static String address(String address) {
        String a = Addresses.normalize(address);
        if (!a.matches("(?i)(sips?:[^@\\s]+@[^@\\s]+|tel:\\+?[0-9*#().\\-]+)")) {
            throw new AdminException("malformed address '" + address + "': expected sip:user@host, sips:user@host or tel:+number");
        }
        return a;
    }
}
