package com.rayo.gateway.routing;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.component.ComponentHandler;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.mixers.MixerCommands;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Dial;
import com.rayo.protocol.rayo.Join;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.RayoProviders;
import com.rayo.protocol.rayo.XmppUri;
import com.rayo.protocol.xml.XmlElement;

/**
 * Stanzas arriving on the external domain, from applications: presence of their
 * resources, dials to the gateway, commands to their calls. Everything else is refused
 * with the RFC 6120 error that says why.
 */
public final class ApplicationSide implements ComponentHandler {
    private static final Logger log = LoggerFactory.getLogger(ApplicationSide.class);
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

    private final RoutingContext ctx;
    private final DialHandler dials;
    private final CommandForwarder commands;
    private final CallTerminator terminator;
    private final OfferDistributor offers;
    private final CallReferences references;
    private final MixerCommands mixers;

    public ApplicationSide(RoutingContext ctx, DialHandler dials, CommandForwarder commands, CallTerminator terminator, OfferDistributor offers, MixerCommands mixers) {
        this.ctx = ctx;
        this.mixers = mixers;
        this.references = new CallReferences(ctx.domains(), ctx.calls(), ctx.nodes());
        this.dials = dials;
        this.commands = commands;
        this.terminator = terminator;
        this.offers = offers;
    }

    @Override public void onStanza(Stanza s) {
        ctx.stats().messages.incrementAndGet();
        String bad = s.addressProblem();
        if (bad != null) {
            ctx.refuseApplication(s, StanzaError.BAD_REQUEST, bad);
            return;
        }
        Jid from = s.from();
        Jid to = s.to();
        if (from == null || to == null) return;
        if (s.isError()) {
            // An event bounced: that resource is gone (it left while we were not listening).
            if (s.isPresence() && from.resource() != null && ctx.applications().resourceUnavailable(from)) terminator.ownerLeft(from);
            return;
        }
        if (from.local() == null || ctx.nodes().mayRegister(from.domain()) || ctx.nodes().isNode(from.domain())) {
            ctx.refuseApplication(s, StanzaError.FORBIDDEN, "only applications may use " + ctx.domains().external());
            return;
        }
        if (ctx.admission().bans().isBanned(from)) {
            if (s.isPresence() && "unavailable".equals(s.type()) && ctx.applications().resourceUnavailable(from)) terminator.ownerLeft(from);
            else ctx.refuseApplication(s, StanzaError.FORBIDDEN, from.bare() + " is banned from this Rayo gateway");
            return;
        }
        Application app = ctx.applications().find(from);
        if (app == null) {
            if (!(s.isPresence() && "unavailable".equals(s.type()))) {
                ctx.refuseApplication(s, StanzaError.FORBIDDEN, from.bare() + " is not a registered Rayo application");
            }
            return;
        }
        switch (s.kind()) {
            case PRESENCE -> presence(s, from, to);
            case IQ -> iq(s, app, from, to);
            default -> ctx.refuseApplication(s, StanzaError.SERVICE_UNAVAILABLE, "the gateway takes only iq and presence stanzas");
        }
    }

    private void presence(Stanza s, Jid from, Jid to) {
        if (to.local() != null) return; // presence to a call: nothing to do
        String type = s.type();
        if (type == null) {
            String show = s.element().childText("show", s.element().namespace());
            boolean takesOffers = show == null || show.isBlank() || show.trim().equals("chat");
            ctx.applications().resourceAvailable(from, takesOffers);
            log.debug("event=resource-available jid={} offers={}", from, takesOffers);
        } else if (type.equals("unavailable")) {
            if (ctx.applications().resourceUnavailable(from)) log.debug("event=resource-unavailable jid={}", from);
            terminator.ownerLeft(from);
        }
    }

    private void iq(Stanza s, Application app, Jid from, Jid to) {
        if (!s.isRequest()) return; // applications answer nothing we asked
        if (from.resource() == null) {
            ctx.refuseApplication(s, StanzaError.BAD_REQUEST, "requests must come from a full JID (with a resource)");
            return;
        }
        XmlElement payload = s.payload();
        if (to.local() == null) {
            if (payload != null && payload.is("query", DISCO_INFO) && s.isType("get")) {
                ctx.outbox().toApplications(s.resultReply(discoInfo()));
                return;
            }
            PayloadCheck check = PayloadCheck.of(payload);
            if (!check.ok()) {
                ctx.refuseApplication(s, check.error(), check.text());
            } else if (RayoProviders.category(check.element()) != RayoProviders.Category.DIAL) {
                ctx.refuseApplication(s, StanzaError.BAD_REQUEST, "<" + payload.name() + "> goes to a call (CALLID@" + ctx.domains().external() + "), not to the gateway");
            } else if (!s.isType("set")) {
                ctx.refuseApplication(s, StanzaError.BAD_REQUEST, "a dial is an iq of type 'set', not '" + s.type() + "'");
            } else if (refusedReference(s, payload, app)) {
                return;
            } else {
                dial(s, app, (Dial) check.element());
            }
            return;
        }
        CallRecord call = ctx.calls().find(to.local());
        MixerRecord mixer = call == null ? ctx.mixers().find(app.jid(), to.local()) : null;
        if (mixer == null && (call == null || !call.application().equals(app.jid()))) {
            ctx.refuseApplication(s, StanzaError.ITEM_NOT_FOUND, "no call or mixer " + to.local());
            return;
        }
        PayloadCheck check = PayloadCheck.of(payload);
        if (!check.ok()) {
            ctx.refuseApplication(s, check.error(), check.text());
            return;
        }
        RayoProviders.Category category = RayoProviders.category(check.element());
        RayoProviders.Category expected = to.resource() == null ? RayoProviders.Category.CALL_COMMAND : RayoProviders.Category.COMPONENT_COMMAND;
        if (category != expected) {
            ctx.refuseApplication(s, StanzaError.BAD_REQUEST, "<" + payload.name() + "> is not a command for " + (to.resource() == null ? (mixer == null ? "a call" : "a mixer") : "a component"));
            return;
        }
        if (refusedReference(s, payload, app)) return;
        if (mixer != null) {
            mixers.toMixer(s, mixer, to.resource(), check.element());
            return;
        }
        // Checked last: a valid command from a resource the call is on offer to takes control of it.
        if (!offers.mayControl(call, from)) {
            ctx.refuseApplication(s, StanzaError.CONFLICT, "call " + to.local() + " is controlled by another resource");
            return;
        }
        if (to.resource() == null && MixerCommands.isMixerJoin(check.element())) mixers.command(s, app, call, check.element());
        else commands.forward(s, call, to.resource());
    }

    /** A call named inside the payload that is not the application's own is answered as one that does not exist. */
    private boolean refusedReference(Stanza s, XmlElement payload, Application app) {
        String foreign = references.foreign(payload, app);
        if (foreign == null) return false;
        ctx.refuseApplication(s, StanzaError.ITEM_NOT_FOUND, "no call " + foreign);
        return true;
    }

    /**
     * A dial with a nested join of a call must go to that call's node (calls meet only on one node); a
     * nested join of a mixer is the gateway's to do once the call is answered (the node never sees the
     * application's mixer name).
     */
    private void dial(Stanza s, Application app, Dial dial) {
        Set<String> joinNodes = new HashSet<>();
        Join mixerJoin = null;
        for (Join j : dial.joins()) {
            if (j.mixerName() != null) {
                String bad = MixerCommands.nameProblem(j.mixerName());
                if (bad != null || mixerJoin != null) {
                    ctx.refuseApplication(s, StanzaError.BAD_REQUEST, bad != null ? bad : "a dial joins at most one mixer");
                    return;
                }
                mixerJoin = j;
                continue;
            }
            CallRecord joined = references.ownCall(XmppUri.toJid(j.callUri()), app);
            if (joined == null) { // ended since it was checked
                ctx.refuseApplication(s, StanzaError.ITEM_NOT_FOUND, "no call " + j.callUri());
                return;
            }
            joinNodes.add(joined.nodeDomain());
        }
        if (joinNodes.size() > 1) {
            ctx.refuseApplication(s, StanzaError.NOT_ACCEPTABLE, "the calls a dial joins must be on one Rayo node; join the others once it is answered");
            return;
        }
        if (mixerJoin != null && !joinNodes.isEmpty()) {
            ctx.refuseApplication(s, StanzaError.NOT_ACCEPTABLE, "a call takes part in one join at a time: a dial joins a call or a mixer, not both");
            return;
        }
        if (mixerJoin == null) {
            dials.dial(s, app, joinNodes.isEmpty() ? null : joinNodes.iterator().next(), null);
            return;
        }
        Join nested = mixerJoin;
        Stanza withoutMixer = new Stanza(s.element().mapElements(p -> p.withoutElements(Join.ELEMENT, RayoNamespaces.CORE)));
        dials.dial(withoutMixer, app, null, call -> mixers.joinOnAnswer(call, app, nested));
    }

    private XmlElement discoInfo() {
        return XmlElement.builder("query", DISCO_INFO)
                .child(XmlElement.builder("identity", DISCO_INFO).attr("category", "component").attr("type", "generic").attr("name", "Rayo gateway").build())
                .child(XmlElement.builder("feature", DISCO_INFO).attr("var", "urn:xmpp:rayo:1").build())
                .child(XmlElement.builder("feature", DISCO_INFO).attr("var", "urn:xmpp:ping").build())
                .child(XmlElement.builder("feature", DISCO_INFO).attr("var", DISCO_INFO).build()).build();
    }
}
