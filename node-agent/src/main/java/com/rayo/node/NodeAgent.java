package com.rayo.node;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentHandler;
import com.rayo.component.ComponentSpec;
import com.rayo.component.ComponentTransport;
import com.rayo.node.backend.CallBackend;
import com.rayo.node.backend.CallEvents;
import com.rayo.node.backend.CommandResult;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.node.conference.Conferences;
import com.rayo.node.verbs.CallVerbs;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Dial;
import com.rayo.protocol.rayo.Drain;
import com.rayo.protocol.rayo.Dtmf;
import com.rayo.protocol.rayo.MediaControl;
import com.rayo.protocol.rayo.MixerLeg;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.Join;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.NodeInfo;
import com.rayo.protocol.rayo.Offer;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.RayoParseException;
import com.rayo.protocol.rayo.RayoProviders;
import com.rayo.protocol.rayo.Redirect;
import com.rayo.protocol.rayo.Ref;
import com.rayo.protocol.rayo.Reject;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.rayo.XmppUri;
import com.rayo.protocol.xml.XmlElement;

/**
 * A Rayo node: one XMPP component that announces itself to the gateway by presence,
 * takes dials and commands from the gateway only, and runs calls on a {@link CallBackend}.
 */
public final class NodeAgent implements ComponentHandler, CallEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
    public static final String SIMULATOR_NS = "urn:rayo:simulator:1";

    private final NodeConfig config;
    private final CallBackend backend;
    private final Jid self;
    private final Jid gateway;
    /** One lock per call: the ref of a dial goes out before any of the call's events. */
    private final Map<String, Object> callLocks = new ConcurrentHashMap<>();
    /** Dials with a nested join: the call or mixer to join once this one is answered (XEP-0327 section 6.2.1.1). */
    private final Map<String, Join> joinOnAnswer = new ConcurrentHashMap<>();
    /** Presence announcements, and work kept off the backend's event threads (a nested join talks to the media relay). */
    private final ScheduledExecutorService tasks;
    private volatile ComponentConnection connection;
    /** Set while draining: until when the calls up may stay, and the check that ends them then. */
    private volatile Draining draining;
    private final NodeMetrics metrics;

    private static final String DRAINING = "this node is draining: it takes no new calls";

    private record Draining(long deadlineNanos, java.time.Duration timeout, java.util.concurrent.ScheduledFuture<?> check) {}

    public NodeAgent(NodeConfig config, CallBackend backend) {
        this.config = config;
        this.backend = backend;
        this.self = Jid.domain(config.domain());
        this.gateway = Jid.domain(config.gatewayDomain());
        backend.start(this);
        tasks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-tasks-" + config.domain());
            t.setDaemon(true);
            return t;
        });
        ComponentSpec spec = ComponentSpec.of(config.xmppHost(), config.xmppPort(), config.domain(), config.secret(), config.serverDomain())
                .withTls(config.xmppTlsPort(), config.xmppTls());
        connection = ComponentTransport.byName(config.transport()).connect(spec, this);
        long ms = config.presenceInterval().toMillis();
        tasks.scheduleWithFixedDelay(() -> { if (connection.isConnected()) announce(); }, ms, ms, TimeUnit.MILLISECONDS);
        metrics = startMetrics(config.metrics());
    }

    private NodeMetrics startMetrics(java.net.InetSocketAddress at) {
        if (at == null) return null;
        try {
            NodeMetrics m = new NodeMetrics(at, this);
            log.info("event=node-metrics node={} url=http://{}:{}/metrics", config.domain(), at.getHostString(), m.port());
            return m;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("node " + config.domain() + ": metrics port " + at + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The port of the metrics and health endpoint, or -1 when off. */
    public int metricsPort() { return metrics == null ? -1 : metrics.port(); }

    public ComponentConnection connection() { return connection; }
    public CallBackend backend() { return backend; }
    public String domain() { return config.domain(); }

    @Override public void onConnected() {
        // The transport may call this before its constructor has returned the connection to us.
        tasks.execute(this::announceWhenConnected);
    }

    private void announceWhenConnected() {
        if (connection != null) announce();
        else tasks.schedule(this::announceWhenConnected, 5, TimeUnit.MILLISECONDS);
    }

    /** Presence with node-info and live load to the gateway's internal domain. */
    public void announce() {
        // A running verb (rendering, mixing, recording) costs about what a call does: it counts as one.
        NodeInfo info = new NodeInfo(config.platform(), config.weight(), config.priority(), backend.activeCalls() + backend.activeComponents(), backend.capacity());
        // away: the gateway sends no new calls (rayo-protocol.md, node presence).
        connection.send(new Stanza(XmlElement.builder("presence", Stanza.COMPONENT_NS).attr("from", self).attr("to", gateway)
                .textChild("show", draining != null ? "away" : "chat").child(info.toXml()).build()));
    }

    /**
     * Takes the node out of service gracefully: presence says {@code away} (the gateway sends no new
     * calls), new inbound calls are turned away, the calls up may finish for {@code timeout}, then the
     * rest end with a reason. A drain while draining restarts the clock.
     */
    public void drain(java.time.Duration timeout) {
        synchronized (this) {
            if (draining != null) draining.check.cancel(false);
            backend.refuseNewCalls(true);
            draining = new Draining(System.nanoTime() + timeout.toNanos(), timeout,
                    tasks.scheduleWithFixedDelay(this::drainCheck, 200, 200, TimeUnit.MILLISECONDS));
        }
        log.info("event=node-draining node={} calls={} timeout-ms={}", config.domain(), backend.activeCalls(), timeout.toMillis());
        if (connection.isConnected()) announce();
    }

    /** Back in service. */
    public void resume() {
        synchronized (this) {
            if (draining == null) return;
            draining.check.cancel(false);
            draining = null;
            backend.refuseNewCalls(false);
        }
        log.info("event=node-resumed node={}", config.domain());
        if (connection.isConnected()) announce();
    }

    public boolean isDraining() { return draining != null; }

    private void drainCheck() {
        Draining d = draining;
        if (d == null || backend.activeCalls() == 0 || System.nanoTime() < d.deadlineNanos) return;
        log.warn("event=drain-timeout node={} calls-ended={}", config.domain(), backend.activeCalls());
        backend.endAll("the node was drained: the call was still up " + d.timeout.toSeconds() + " s after the drain began");
    }

    /** A stop (SIGTERM): drain, wait until the calls are gone (or the drain timeout ended them), then leave. */
    public void drainAndClose(java.time.Duration timeout) {
        drain(timeout);
        long deadline = System.nanoTime() + timeout.toNanos() + 2_000_000_000L;
        try {
            while (backend.activeCalls() > 0 && System.nanoTime() < deadline) Thread.sleep(100);
            // The calls' end events leave before the node's goodbye, or the gateway would end them as "node lost".
            backend.flushEvents(java.time.Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Leaves the cluster cleanly: the gateway ends this node's calls for their owners at once. */
    public void goUnavailable() {
        connection.send(Stanza.presence(self, gateway, "unavailable", List.of()));
    }

    @Override public void onStanza(Stanza s) {
        String bad = s.addressProblem();
        if (bad != null) {
            reply(s, StanzaError.BAD_REQUEST, bad);
            return;
        }
        Jid from = s.from();
        Jid to = s.to();
        if (from == null || to == null || s.isError() || s.isType("result")) return;
        if (s.isIq() && isSimulatorTrigger(s)) {
            simulate(s);
            return;
        }
        if (!from.equals(gateway)) {
            reply(s, StanzaError.FORBIDDEN, "this node takes orders from " + gateway + " only");
            return;
        }
        if (s.isPresence()) {
            if ("probe".equals(s.type())) announce();
            return;
        }
        if (!s.isRequest()) {
            reply(s, StanzaError.SERVICE_UNAVAILABLE, "a Rayo node takes iq requests only");
            return;
        }
        RayoElement command;
        try {
            command = s.payload() == null ? null : RayoProviders.parse(s.payload());
        } catch (RayoParseException e) {
            reply(s, StanzaError.BAD_REQUEST, e.getMessage());
            return;
        }
        if (command == null) {
            reply(s, StanzaError.FEATURE_NOT_IMPLEMENTED, "unknown request " + (s.payload() == null ? "(empty)" : "<" + s.payload().name() + "> in " + s.payload().namespace()));
            return;
        }
        if (to.local() == null) {
            if (command instanceof Drain d) {
                if (d.drain()) drain(d.timeoutMillis() == null || d.timeoutMillis() == 0 ? config.drainTimeout() : java.time.Duration.ofMillis(d.timeoutMillis()));
                else resume();
                connection.send(s.resultReply(null));
            } else if (command instanceof Dial d) dial(s, d);
            else reply(s, StanzaError.BAD_REQUEST, "<" + s.payload().name() + "> goes to a call");
            return;
        }
        Conferences mixers = backend.conferences();
        if (command instanceof MixerLeg leg) mixerLeg(s, to.local(), leg);
        else if (mixers != null && mixers.isMixer(to.local())) mixerCommand(s, mixers, to.local(), to.resource(), command);
        else if (to.resource() != null) componentCommand(s, to.local(), to.resource(), command);
        else command(s, to.local(), command);
    }

    /** The gateway joins a call and a mixer on two nodes: a leg opened at the mixer, then the call connected to it. */
    private void mixerLeg(Stanza s, String local, MixerLeg leg) {
        Conferences mixers = backend.conferences();
        CommandResult r;
        if (mixers == null) r = noMixers();
        else if (leg.callUri() != null) r = mixers.openLeg(local, leg.callUri(), leg.direction());
        else if (leg.mixerName() != null && leg.host() != null) r = mixers.connect(local, leg.mixerName(), leg.host(), leg.port());
        else r = CommandResult.refuse(StanzaError.BAD_REQUEST, "<mixer-leg> needs call-uri (to a mixer) or mixer-name, host and port (to a call)");
        answer(s, local, r);
    }

    /** Commands to a mixer: output and record (and their components), and the removal of a leg. */
    private void mixerCommand(Stanza s, Conferences mixers, String mixer, String componentId, RayoElement command) {
        CommandResult r;
        if (componentId != null) {
            r = command instanceof ComponentCommand c ? mixers.componentCommand(mixer, componentId, c)
                    : CommandResult.refuse(StanzaError.BAD_REQUEST, "<" + s.payload().name() + "> is not a component command");
        } else if (command instanceof JoinTarget u && u.type() == JoinTarget.Type.UNJOIN && u.callUri() != null) {
            r = mixers.removeLeg(mixer, u.callUri());
        } else if (CallVerbs.isVerb(command)) {
            r = mixers.verb(mixer, command);
        } else {
            r = CommandResult.refuse(StanzaError.BAD_REQUEST, "<" + s.payload().name() + "> is not a mixer command (output, record)");
        }
        answer(s, mixer, r);
    }

    private CommandResult noMixers() {
        return CommandResult.refuse(StanzaError.FEATURE_NOT_IMPLEMENTED, "mixers need a media engine; the " + backend.name() + " backend has none here");
    }

    private void componentCommand(Stanza s, String callId, String componentId, RayoElement command) {
        CommandResult r = command instanceof ComponentCommand c ? backend.componentCommand(callId, componentId, c)
                : CommandResult.refuse(StanzaError.BAD_REQUEST, "<" + s.payload().name() + "> is not a component command");
        answer(s, callId, r);
    }

    private void dial(Stanza s, Dial d) {
        if (draining != null) {
            reply(s, StanzaError.SERVICE_UNAVAILABLE, DRAINING);
            return;
        }
        Join joinTo = null;
        for (Join j : d.joins()) {
            if (j.mixerName() != null && backend.conferences() == null) {
                answer(s, null, noMixers());
                return;
            }
            joinTo = j;
        }
        String callId = UUID.randomUUID().toString();
        synchronized (lock(callId)) {
            CommandResult r = backend.dial(callId, d.to(), d.from(), d.headers());
            if (!r.ok()) {
                callLocks.remove(callId);
                reply(s, r.error(), r.text());
                return;
            }
            if (joinTo != null) joinOnAnswer.put(callId, joinTo);
            connection.send(s.resultReply(Ref.of(new Jid(callId, config.domain(), null)).toXml()));
        }
    }

    private void command(Stanza s, String callId, RayoElement command) {
        CommandResult r;
        if (command instanceof Signal sig) {
            r = switch (sig.type()) {
                case ACCEPT -> backend.accept(callId, sig.headers());
                case ANSWER -> backend.answer(callId, sig.headers());
                case HANGUP -> backend.hangup(callId, sig.headers());
                default -> CommandResult.refuse(StanzaError.BAD_REQUEST, "<" + sig.type().element() + "> is an event, not a command");
            };
        } else if (command instanceof Reject rj) {
            r = backend.reject(callId, rj.reason(), rj.headers());
        } else if (command instanceof Redirect rd) {
            r = backend.redirect(callId, rd.to(), rd.headers());
        } else if (command instanceof Join j) {
            r = join(callId, j);
        } else if (command instanceof JoinTarget u && u.type() == JoinTarget.Type.UNJOIN) {
            Conferences mixers = backend.conferences();
            if (u.callUri() != null) r = backend.unjoin(callId, otherCall(u.callUri()));
            else r = mixers == null ? noMixers() : mixers.unjoin(callId, u.mixerName());
        } else if (CallVerbs.isVerb(command)) {
            r = backend.verb(callId, command);
        } else if (command instanceof Dtmf || command instanceof MediaControl) {
            r = backend.callMedia(callId, command);
        } else if (RayoNamespaces.isRayo(s.payload().namespace()) && !s.payload().namespace().equals(RayoNamespaces.CORE)) {
            r = CommandResult.refuse(StanzaError.FEATURE_NOT_IMPLEMENTED, "<" + s.payload().name() + "> needs a media engine; the " + backend.name() + " backend has none");
        } else {
            r = CommandResult.refuse(StanzaError.BAD_REQUEST, "<" + s.payload().name() + "> is not a call command");
        }
        answer(s, callId, r);
    }

    private CommandResult join(String callId, Join j) {
        if (j.callUri() != null) return backend.join(callId, otherCall(j.callUri()));
        Conferences mixers = backend.conferences();
        return mixers == null ? noMixers() : mixers.join(callId, j.mixerName(), j.direction());
    }

    /** The answer to a command to a call or mixer: its error, its component's ref, its payload, or empty. */
    private void answer(Stanza s, String local, CommandResult r) {
        if (!r.ok()) {
            reply(s, r.error(), r.text());
        } else if (r.componentId() != null) {
            backend.counters().verbStarted(s.payload().name());
            connection.send(s.resultReply(Ref.of(new Jid(local, config.domain(), r.componentId())).toXml()));
        } else {
            connection.send(s.resultReply(r.answer() == null ? null : r.answer().toXml()));
        }
    }

    private static String otherCall(String callUri) {
        Jid j = XmppUri.toJid(callUri);
        return j == null || j.local() == null ? "" : j.local();
    }

    private static boolean isSimulatorTrigger(Stanza s) {
        XmlElement p = s.payload();
        return p != null && p.namespace().equals(SIMULATOR_NS);
    }

    /** {@code <simulate xmlns='urn:rayo:simulator:1' action='offer|hangup|dtmf' to=… from=… call=… keys=…/>}, for demos and tests. */
    private void simulate(Stanza s) {
        Jid from = s.from();
        if (!config.triggerJids().contains(from.bare().toString())) {
            reply(s, StanzaError.FORBIDDEN, from.bare() + " may not trigger simulated calls (" + NodeConfig.SIM_TRIGGER_JIDS + ")");
            return;
        }
        if (!(backend instanceof com.rayo.node.sim.SimulatedCallBackend sim)) {
            reply(s, StanzaError.FEATURE_NOT_IMPLEMENTED, "this node runs the " + backend.name() + " backend, not the simulator");
            return;
        }
        XmlElement p = s.payload();
        String action = p.attr("action");
        if ("offer".equals(action) && p.attr("to") != null) {
            String callId = sim.inbound(p.attr("to"), p.attr("from"), List.of());
            if (callId == null) {
                reply(s, StanzaError.SERVICE_UNAVAILABLE, DRAINING);
                return;
            }
            connection.send(s.resultReply(XmlElement.builder("call", SIMULATOR_NS).attr("id", callId).build()));
        } else if ("hangup".equals(action) && p.attr("call") != null) {
            if (sim.remoteHangup(p.attr("call"))) connection.send(s.resultReply(null));
            else reply(s, StanzaError.ITEM_NOT_FOUND, "no call " + p.attr("call"));
        } else if ("dtmf".equals(action) && p.attr("call") != null && p.attr("keys") != null) {
            if (sim.press(p.attr("call"), p.attr("keys"))) connection.send(s.resultReply(null));
            else reply(s, StanzaError.ITEM_NOT_FOUND, "no answered call " + p.attr("call"));
        } else {
            reply(s, StanzaError.BAD_REQUEST, "simulate needs action='offer' with 'to', action='hangup' with 'call', or action='dtmf' with 'call' and 'keys'");
        }
    }

    private Object lock(String callId) {
        return callLocks.computeIfAbsent(callId, k -> new Object());
    }

    private void event(String callId, RayoElement payload) {
        synchronized (lock(callId)) {
            connection.send(Stanza.presence(new Jid(callId, config.domain(), null), gateway, null, List.of(payload.toXml())));
        }
    }

    @Override public void offered(String callId, String to, String from, List<Header> headers) { event(callId, new Offer(to, from, headers)); }
    @Override public void ringing(String callId) { event(callId, Signal.of(Signal.Type.RINGING)); }
    @Override public void answered(String callId) {
        event(callId, Signal.of(Signal.Type.ANSWERED));
        Join nested = joinOnAnswer.remove(callId);
        // Not on the backend's event thread: a join may talk to the media relay.
        if (nested != null) tasks.execute(() -> {
            CommandResult r = join(callId, nested);
            if (!r.ok()) log.warn("event=nested-join-failed call={} other={} reason=\"{}\"", callId, nested.callUri() != null ? nested.callUri() : nested.mixerName(), r.text());
        });
    }

    @Override public void joined(String callId, String otherCallId) {
        event(callId, new JoinTarget(JoinTarget.Type.JOINED, XmppUri.of(new Jid(otherCallId, config.domain(), null)), null));
    }

    @Override public void unjoined(String callId, String otherCallId) {
        event(callId, new JoinTarget(JoinTarget.Type.UNJOINED, XmppUri.of(new Jid(otherCallId, config.domain(), null)), null));
    }

    @Override public void componentEvent(String callId, String componentId, RayoElement event) {
        // Never re-creates the lock of a call that has ended (it would stay in the map for good).
        synchronized (callLocks.getOrDefault(callId, event)) {
            connection.send(Stanza.presence(new Jid(callId, config.domain(), componentId), gateway, null, List.of(event.toXml())));
        }
    }

    @Override public void dtmf(String callId, char key) { event(callId, Dtmf.signal(key)); }

    @Override public void callEvent(String callId, RayoElement event) { event(callId, event); }

    @Override public void mixerEvent(String mixer, RayoElement event) {
        connection.send(Stanza.presence(new Jid(mixer, config.domain(), null), gateway, null, List.of(event.toXml())));
    }

    @Override public void mixerPresence(String mixer, boolean available) {
        connection.send(Stanza.presence(new Jid(mixer, config.domain(), null), gateway, available ? null : "unavailable", List.of()));
    }

    @Override public String callUri(String callId) { return XmppUri.of(new Jid(callId, config.domain(), null)); }

    @Override public void ended(String callId, End.Reason reason, String text) {
        event(callId, new End(reason, text, List.of()));
        callLocks.remove(callId);
        joinOnAnswer.remove(callId);
    }

    private void reply(Stanza s, StanzaError error, String text) {
        if (s.isError() || s.isType("result")) return;
        connection.send(s.errorReply(error, text));
    }

    @Override public void close() {
        tasks.shutdownNow();
        if (connection.isConnected()) goUnavailable();
        try {
            Thread.sleep(50); // let the unavailable presence leave before the socket closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
        if (metrics != null) metrics.close();
        backend.close();
        log.info("event=node-stopped node={}", config.domain());
    }
}
