package com.rayo.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.WriteBehind;
import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentSpec;
import com.rayo.component.ComponentTransport;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.gateway.cluster.Broadcasts;
import com.rayo.gateway.cluster.DomainLease;
import com.rayo.gateway.cluster.GatewayCluster;
import com.rayo.gateway.cluster.PeerState;
import com.rayo.gateway.cluster.Membership;
import com.rayo.gateway.admission.Admission;
import com.rayo.gateway.admission.Bans;
import com.rayo.gateway.admission.RateLimiter;
import com.rayo.gateway.config.GatewayConfig;
import com.rayo.gateway.health.NodeProber;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.gateway.mixers.MixerCommands;
import com.rayo.gateway.mixers.MixerEvents;
import com.rayo.gateway.mixers.MixerPlacement;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.routing.ApplicationSide;
import com.rayo.gateway.routing.CallTerminator;
import com.rayo.gateway.routing.CommandForwarder;
import com.rayo.gateway.routing.DialHandler;
import com.rayo.gateway.routing.Domains;
import com.rayo.gateway.routing.GatewayStats;
import com.rayo.gateway.routing.HealthTransitions;
import com.rayo.gateway.routing.NodePinger;
import com.rayo.gateway.routing.NodeControl;
import com.rayo.gateway.routing.NodeSide;
import com.rayo.gateway.routing.OfferDistributor;
import com.rayo.gateway.routing.Outbox;
import com.rayo.gateway.routing.PendingRequests;
import com.rayo.gateway.routing.RoutingContext;
import com.rayo.gateway.routing.StoreGuard;
import com.rayo.gateway.selection.EffectiveWeight;
import com.rayo.gateway.selection.WeightedTierSelector;
import com.rayo.gateway.state.StateLoader;
import com.rayo.gateway.state.StateSink;
import com.rayo.gateway.state.StoreOpener;
import com.rayo.gateway.state.StoreRefresher;
import com.rayo.gateway.state.StoreStateSink;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;

/** Wiring: registries, routing and the two component connections. No logic of its own. */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final ApplicationRegistry applications = new ApplicationRegistry();
    private final NodeRegistry nodes;
    private final CallRegistry calls = new CallRegistry();
    private final MixerRegistry mixers = new MixerRegistry();
    private final GatewayStats stats = new GatewayStats();
    private final ScheduledThreadPoolExecutor timer;
    private final PendingRequests pending;
    private final ClusterStore store;
    private final WriteBehind writes;
    private final java.util.concurrent.ScheduledExecutorService refresher;
    private final ComponentConnection external;
    private final ComponentConnection internal;
    private final Clock clock = Clock.systemUTC();
    private final Admission admission;
    private final AtomicInteger dialMaxRetries;
    private final ClusterAdmin admin;
    private final GatewayCluster cluster;
    /** The component links' TLS, or null (plaintext). */
    private final com.rayo.component.TlsTrust xmppTls;
    /** Applies the settings that may change at run time. */
    private final java.util.function.Consumer<GatewayConfig> reloadable;
    /** Where a reload reads the configuration again (the file the process was started with); null: no file. */
    private volatile java.util.function.Supplier<GatewayConfig> source;

    public Gateway(GatewayConfig config) throws InterruptedException {
        this.config = config;
        this.xmppTls = config.xmppTls();
        this.nodes = new NodeRegistry(config.nodeDomains(), config.health(), clock);
        this.admission = new Admission(config.quiesce(), new Bans(), new RateLimiter(config.dialRateLimits(), clock));
        this.dialMaxRetries = new AtomicInteger(config.dialMaxRetries());
        // State first: after a restart the calls, nodes and resources are known before any stanza arrives.
        store = StoreOpener.open(config);
        writes = new WriteBehind(store, config.storeWriteLanes(), config.storeQueueCapacity(), config.storeWriteLinger());
        StateLoader.load(store, applications, nodes, calls, mixers);
        admin = new ClusterAdmin(store, applications, nodes, admission, dialMaxRetries, java.util.Set.copyOf(config.platforms()));
        StoreRefresher refresh = new StoreRefresher(store, applications, nodes, admission.bans(), admin);
        refresh.run();
        StateSink sink = config.storeType().equals("memory") ? StateSink.NONE : new StoreStateSink(writes, config.gatewayId());
        applications.attach(sink);
        nodes.attach(sink);
        calls.attach(sink);
        mixers.attach(sink);
        java.util.Map<String, String> stored = config.applications().isEmpty() ? java.util.Map.of() : storedSettings();
        for (GatewayConfig.ApplicationSpec a : config.applications()) {
            // The admin's word wins over conf/: an application an admin unregistered stays so.
            String removed = stored.get(ClusterAdmin.UNREGISTERED + Jid.of(a.jid()).bare());
            if (removed != null && !removed.isEmpty()) {
                log.info("event=conf-application-skipped jid={} reason=\"unregistered by an administrator at {}\"", a.jid(), removed);
                continue;
            }
            Application app = new Application(a.name(), a.platform(), Jid.of(a.jid()));
            applications.register(app);
            for (String address : a.addresses()) applications.registerAddress(app.jid(), address);
        }
        refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gw-store-refresh"));
        long every = config.storeRefreshInterval().toMillis();
        ComponentConnection[] conns = new ComponentConnection[2];
        cluster = new GatewayCluster(config.gatewayId(), config.externalDomain() + "," + config.internalDomain(), store,
                new GatewayCluster.Settings(config.membership(), config.lease(), config.broadcastPollInterval()), clock,
                () -> new Membership.Counters(calls.activeCount(), stats.messages.get(), stats.errors.get()), lingerWhileAlone(config), new DomainLease.Listener() {
                    @Override public void acquired(long epoch) { reloadState(); }
                    @Override public void lost(String reason) { handOver(conns, reason); }
                });
        writes.fence(cluster.lease());
        admin.attach(cluster.membership()::peers);
        Broadcasts broadcasts = cluster.broadcasts();
        broadcasts.on("statistics", body -> "calls=" + calls.activeCount() + " messages=" + stats.messages.get() + " errors=" + stats.errors.get());
        broadcasts.on(ClusterAdmin.QUIESCE, body -> {
            admin.applyQuiesce(Boolean.parseBoolean(body));
            return body;
        });
        admin.attach(broadcasts, config.broadcastTimeout());
        refresher.scheduleWithFixedDelay(refresh, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("gw-timer"));
        timer.setRemoveOnCancelPolicy(true);
        pending = new PendingRequests(timer, "gw-");
        Domains domains = new Domains(config.externalDomain(), config.internalDomain());
        Outbox outbox = new Outbox() {
            @Override public void toApplications(Stanza s) { conns[0].send(s); }
            @Override public void toNodes(Stanza s) { conns[1].send(s); }
        };
        RoutingContext ctx = new RoutingContext(domains, applications, nodes, calls, mixers, admission, outbox, pending, timer,
                stats, config.dialTimeout(), dialMaxRetries, config.lateAnswerGrace(), config.commandTimeout(),
                new StoreGuard(() -> writes.saturated() || cluster.lease().cutOffWithStandbys(), cluster.membership()::othersMayTakeOver,
                        config.storeConfirmTimeout()));
        OfferDistributor offers = new OfferDistributor(ctx, config.offerPolicies());
        EffectiveWeight weights = new EffectiveWeight(config.selection(), clock);
        WeightedTierSelector selector = new WeightedTierSelector(() -> (Random) ThreadLocalRandom.current(), weights);
        MixerCommands mixerCommands = new MixerCommands(ctx, new MixerPlacement(selector, nodes), offers::recipients);
        MixerEvents mixerEvents = new MixerEvents(ctx, offers::recipients, mixerCommands);
        CallTerminator terminator = new CallTerminator(ctx, offers, mixerEvents);
        admin.attach(terminator);
        HealthTransitions health = new HealthTransitions(ctx, terminator);
        ApplicationSide appSide = new ApplicationSide(ctx, new DialHandler(ctx, selector, health), new CommandForwarder(ctx, terminator), terminator, offers, mixerCommands);
        NodeSide nodeSide = new NodeSide(ctx, offers, terminator, health, mixerEvents);
        reloadable = fresh -> {
            weights.update(fresh.selection());
            nodes.updateHealth(fresh.health());
            admission.dialRate().update(fresh.dialRateLimits());
            offers.update(fresh.offerPolicies());
            dialMaxRetries.set(fresh.dialMaxRetries()); // a stored admin value (maxDialRetries) is applied again by the refresher
        };
        broadcasts.on(ClusterAdmin.RELOAD, body -> reload());
        NodeControl control = new NodeControl(ctx, () -> conns[1] != null && conns[1].isConnected());
        // Any gateway's admin may drain a node; the holder of the domains is the one that tells it.
        broadcasts.on(ClusterAdmin.DRAIN_NODE, body -> {
            String[] p = body.split(" ", 2);
            return control.drain(p[0], p.length > 1 && !p[1].isBlank() ? Duration.ofMillis(Long.parseLong(p[1].trim())) : null);
        });
        broadcasts.on(ClusterAdmin.RESUME_NODE, control::resume);
        broadcasts.on(ClusterAdmin.HANGUP_CALL, control::hangup);
        NodeProber prober = new NodeProber(nodes::all, new NodePinger(ctx, config.health().probeTimeout()), health);
        ComponentTransport transport = ComponentTransport.byName(config.transport());
        conns[0] = transport.connect(spec(config.externalDomain(), config.externalSecret(), config.externalPort()), appSide);
        conns[1] = transport.connect(spec(config.internalDomain(), config.internalSecret(), config.internalPort()), nodeSide);
        external = conns[0];
        internal = conns[1];
        cluster.start();
        long round = Math.min(100, config.health().probeInterval().toMillis());
        timer.scheduleWithFixedDelay(() -> { if (internal.isConnected()) prober.run(); }, round, round, TimeUnit.MILLISECONDS);
        log.info("event=gateway-started external={} internal={} transport={} applications={}", config.externalDomain(),
                config.internalDomain(), transport.name(), applications.all().size());
    }

    /**
     * On gaining the domains, before the connections connect: a gateway taking over from a dead or
     * frozen holder learns the calls, nodes and resources the other one wrote (only what it does not
     * know is added). The store may be down too: it then routes on what is in memory, as in an outage.
     */
    private void reloadState() {
        try {
            StateLoader.load(store, applications, nodes, calls, mixers);
        } catch (RuntimeException e) {
            log.warn("event=state-reload-failed reason=\"{}\"", e.toString());
        }
    }

    /**
     * The domains went to another gateway (or an administrator took them away). Requests still waiting
     * for a node end now: their answers will reach the new holder, and a waiter left to time out here
     * would retry a dial on another node or mark a healthy node as failing from a gateway that no longer
     * routes. (What was queued for the applications is dropped with the connections: past the deadline
     * nothing more is sent.)
     */
    private void handOver(ComponentConnection[] conns, String reason) {
        pending.handedOver();
        for (ComponentConnection c : conns) if (c != null) c.release("lease lost: " + reason);
        forgetCalls();
    }

    /** The new holder has the calls now; kept here they would go stale if this gateway held again. */
    private void forgetCalls() {
        mixers.forgetAll();
        List<CallRecord> forgotten = calls.forgetAll();
        for (CallRecord call : forgotten) nodes.callEnded(call.nodeDomain());
        log.warn("event=calls-forgotten count={} reason=\"the domains moved to another gateway; reloaded from the store if they come back\"",
                forgotten.size());
    }

    /**
     * The write linger saves writes while this gateway is alone; once another gateway is up (a standby
     * that may have to take over from what is stored), call starts are written at once.
     */
    private Membership.Listener lingerWhileAlone(GatewayConfig config) {
        java.util.Set<String> others = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return (peer, before, now) -> {
            if (peer.equals(config.gatewayId())) return;
            if (now == PeerState.UP || now == PeerState.PROBING) others.add(peer);
            else others.remove(peer);
            Duration linger = others.isEmpty() ? config.storeWriteLinger() : Duration.ZERO;
            if (!linger.equals(writes.linger())) {
                writes.linger(linger);
                log.info("event=write-linger linger-ms={} other-gateways-up={}", linger.toMillis(), others.size());
            }
        };
    }

    private ComponentSpec spec(String domain, String secret, int port) {
        return ComponentSpec.of(config.xmppHost(), port, domain, secret, config.serverDomain())
                .withPing(config.pingInterval(), config.pingTimeout()).withMaxStanzaBytes(config.maxStanzaBytes()).withGuard(cluster.lease())
                .withTls(config.xmppTlsPort(), xmppTls);
    }

    private java.util.Map<String, String> storedSettings() {
        try {
            return store.settings();
        } catch (RuntimeException e) {
            return java.util.Map.of(); // the store is down: conf/ applies as it is
        }
    }

    /** SIGHUP reloads the configuration (as daemons do); what it did goes to the log. */
    public static void reloadOnSighup(Gateway gateway) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                try {
                    gateway.reload();
                } catch (RuntimeException e) {
                    log.warn("event=config-reload-failed reason=\"{}\"", e.getMessage());
                }
            });
        } catch (IllegalArgumentException e) {
            log.warn("event=sighup-unavailable reason=\"{}\"", e.getMessage());
        }
    }

    /** Where {@link #reload()} reads the configuration again (the process's file). */
    public void reloadsFrom(java.util.function.Supplier<GatewayConfig> source) { this.source = source; }

    /**
     * Reads the configuration again and applies what is safe to change at run time — node selection,
     * health probes and blacklisting, dial rate limits, offer policies, dial retries — and says which
     * changed settings need a restart instead (domains, ports, secrets, store, timeouts…). SIGHUP and the
     * Admin's reloadConfig call it.
     */
    public String reload() {
        java.util.function.Supplier<GatewayConfig> s = source;
        if (s == null) throw new IllegalStateException("this gateway was not started from a configuration file: nothing to reload");
        GatewayConfig fresh = s.get();
        reloadable.accept(fresh);
        java.util.List<String> restart = new java.util.ArrayList<>();
        for (String key : GatewayConfig.RESTART_ONLY) {
            boolean had = config.raw().hasPath(key), has = fresh.raw().hasPath(key);
            if (had != has || had && !config.raw().getValue(key).unwrapped().equals(fresh.raw().getValue(key).unwrapped())) restart.add(key);
        }
        String said = "reloaded: selection, health, dial rate limits, offer policies, dial retries"
                + (restart.isEmpty() ? "" : "; changed but applied only by a restart: " + String.join(", ", restart));
        log.info("event=config-reloaded restart-needed=\"{}\"", String.join(",", restart));
        return said;
    }

    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return external.awaitConnected(timeout) && internal.awaitConnected(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    public boolean isConnected() { return external.isConnected() && internal.isConnected(); }

    public GatewayConfig config() { return config; }
    public ApplicationRegistry applications() { return applications; }
    public NodeRegistry nodes() { return nodes; }
    public CallRegistry calls() { return calls; }
    public MixerRegistry mixers() { return mixers; }
    public GatewayStats stats() { return stats; }
    public ClusterStore store() { return store; }
    public WriteBehind writes() { return writes; }
    public Admission admission() { return admission; }
    public ClusterAdmin admin() { return admin; }
    public Membership membership() { return cluster.membership(); }
    public DomainLease lease() { return cluster.lease(); }
    public Broadcasts broadcasts() { return cluster.broadcasts(); }
    public ComponentConnection externalConnection() { return external; }
    public ComponentConnection internalConnection() { return internal; }

    @Override public void close() {
        cluster.close();
        external.close();
        internal.close();
        timer.shutdownNow();
        refresher.shutdownNow();
        writes.close();
        cluster.lease().release(); // nothing routed or queued any more: a standby may take the domains at once
        store.close();
    }
}
