package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.rayo.gateway.FakeClock;
import com.rayo.gateway.ManualScheduler;
import com.rayo.gateway.admission.Admission;
import com.rayo.gateway.admission.Bans;
import com.rayo.gateway.admission.RateLimiter;
import com.rayo.gateway.health.HealthSettings;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.mixers.MixerCommands;
import com.rayo.gateway.mixers.MixerEvents;
import com.rayo.gateway.mixers.MixerPlacement;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.gateway.selection.EffectiveWeight;
import com.rayo.gateway.selection.SelectionSettings;
import com.rayo.gateway.selection.WeightedTierSelector;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.NodeInfo;
import com.rayo.protocol.xml.XmlElement;

/**
 * The routing classes wired on in-memory registries, a fake clock and a manual scheduler:
 * tests feed stanzas to both sides and read what the gateway sent.
 */
final class RoutingHarness {
    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final ApplicationRegistry apps = new ApplicationRegistry();
    final NodeRegistry nodes = new NodeRegistry(List.of("node*.example"), HealthSettings.defaults(), clock);
    final CallRegistry calls = new CallRegistry();
    final MixerRegistry mixers = new MixerRegistry();
    final List<Stanza> toApps = new CopyOnWriteArrayList<>();
    final List<Stanza> toNodes = new CopyOnWriteArrayList<>();
    final Domains domains = new Domains("rayo.example", "rayo-internal.example");
    final RoutingContext ctx;
    final OfferDistributor offers;
    final ApplicationSide appSide;
    final NodeSide nodeSide;
    final Application app = new Application("demo", "p", Jid.of("demo@example"));

    RoutingHarness(int maxRetries, OfferPolicies policies) {
        Outbox outbox = new Outbox() {
            @Override public void toApplications(Stanza s) { toApps.add(s); }
            @Override public void toNodes(Stanza s) { toNodes.add(s); }
        };
        ctx = new RoutingContext(domains, apps, nodes, calls, mixers, new Admission(false, new Bans(), new RateLimiter(
                new RateLimiter.Limits(new RateLimiter.Limit(0, 1), Map.of()), clock)), outbox, new PendingRequests(scheduler, "t-"),
                scheduler, new GatewayStats(), Duration.ofSeconds(5), new AtomicInteger(maxRetries), Duration.ofSeconds(60), Duration.ofSeconds(10), StoreGuard.none());
        offers = new OfferDistributor(ctx, policies);
        WeightedTierSelector selector = new WeightedTierSelector(() -> new Random(7),
                new EffectiveWeight(SelectionSettings.PerPlatform.uniform(new SelectionSettings(false, Duration.ZERO)), clock));
        MixerCommands mixerCommands = new MixerCommands(ctx, new MixerPlacement(selector, nodes), offers::recipients);
        MixerEvents mixerEvents = new MixerEvents(ctx, offers::recipients, mixerCommands);
        CallTerminator terminator = new CallTerminator(ctx, offers, mixerEvents);
        HealthTransitions health = new HealthTransitions(ctx, terminator);
        DialHandler dials = new DialHandler(ctx, selector, health);
        appSide = new ApplicationSide(ctx, dials, new CommandForwarder(ctx, terminator), terminator, offers, mixerCommands);
        nodeSide = new NodeSide(ctx, offers, terminator, health, mixerEvents);
        apps.register(app);
    }

    RayoNode node(String domain, int priority) {
        nodes.upsert(domain, new NodeInfo("p", 1, priority, null, null), RayoNode.Status.AVAILABLE);
        return nodes.find(domain);
    }

    Jid resource(String name) {
        return resource(app, name);
    }

    Jid resource(Application of, String name) {
        Jid j = Jid.of(of.jid() + "/" + name);
        apps.resourceAvailable(j, true);
        return j;
    }

    /** A call the resource dialled, answered by the node the selector picked as {@code callId}: where it runs. */
    String dialled(Jid from, String callId) {
        fromApp(from, domains.external(), "dial-" + callId, "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'/>");
        Stanza dial = takeToNode();
        nodeAnswers(dial, XmlElement.parse("<ref xmlns='urn:xmpp:rayo:1' uri='xmpp:" + callId + "@" + dial.to().domain() + "'/>"));
        Stanza ref = takeToApp();
        if (!ref.isType("result")) throw new AssertionError("dial refused: " + ref.element());
        return dial.to().domain();
    }

    void fromApp(Jid from, String to, String id, String payloadXml) {
        appSide.onStanza(Stanza.iq("set", from, Jid.of(to), id, XmlElement.parse(payloadXml)));
    }

    /** The last IQ the gateway sent to nodes, removed from the list. */
    Stanza takeToNode() {
        if (toNodes.isEmpty()) throw new AssertionError("nothing was sent to a node");
        return toNodes.remove(0);
    }

    Stanza takeToApp() {
        if (toApps.isEmpty()) throw new AssertionError("nothing was sent to an application");
        return toApps.remove(0);
    }

    void nodeAnswers(Stanza request, XmlElement payload) {
        nodeSide.onStanza(new Stanza(XmlElement.builder("iq", Stanza.COMPONENT_NS).attr("type", "result").attr("id", request.id())
                .attr("from", request.to().toString()).attr("to", domains.internal()).child(payload).build()));
    }

    void nodeFails(Stanza request, String condition) {
        nodeSide.onStanza(new Stanza(XmlElement.builder("iq", Stanza.COMPONENT_NS).attr("type", "error").attr("id", request.id())
                .attr("from", request.to().toString()).attr("to", domains.internal())
                .child(XmlElement.builder("error", Stanza.COMPONENT_NS).attr("type", "cancel")
                        .child(XmlElement.builder(condition, "urn:ietf:params:xml:ns:xmpp-stanzas").build()).build()).build()));
    }
}
