package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentSpec;
import com.rayo.component.ComponentTransport;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.xml.XmlElement;

/**
 * Every call and component command × every party that must not control the call, plus
 * events: only the owner sees them. Parties: another resource of the owner (call locked),
 * another application, a banned resource, a banned application, an unregistered user, a
 * node domain posing as an application, a client on the internal domain.
 */
class SecurityMatrixTest extends ClusterTest {
    static final String ROGUE_NODE = "node9.localhost";
    ComponentConnection rogue;
    final LinkedBlockingQueue<Stanza> rogueInbox = new LinkedBlockingQueue<>();

    static final Map<String, String> COMMANDS = new LinkedHashMap<>();
    static {
        COMMANDS.put("accept", "<accept xmlns='urn:xmpp:rayo:1'/>");
        COMMANDS.put("answer", "<answer xmlns='urn:xmpp:rayo:1'/>");
        COMMANDS.put("hangup", "<hangup xmlns='urn:xmpp:rayo:1'/>");
        COMMANDS.put("reject", "<reject xmlns='urn:xmpp:rayo:1'><decline/></reject>");
        COMMANDS.put("redirect", "<redirect xmlns='urn:xmpp:rayo:1' to='sip:elsewhere@example.com'/>");
        // Joins name the call itself: an own reference, so what decides is who sends them.
        COMMANDS.put("join", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:%CALL%@rayo.localhost'/>");
        COMMANDS.put("unjoin", "<unjoin xmlns='urn:xmpp:rayo:1' call-uri='xmpp:%CALL%@rayo.localhost'/>");
        COMMANDS.put("output", "<output xmlns='urn:xmpp:rayo:output:1'><document content-type='text/plain'><![CDATA[hi]]></document></output>");
        COMMANDS.put("stop (component)", "<stop xmlns='urn:xmpp:rayo:ext:1'/>");
    }

    @Override @BeforeAll void startCluster() throws Exception {
        cluster = LocalCluster.start(nodes(), "native", "", "", ROGUE_NODE);
        // A component whose domain matches the node glob, talking to the external domain.
        rogue = ComponentTransport.byName("native").connect(ComponentSpec.of("127.0.0.1", cluster.layout().componentPort(), ROGUE_NODE,
                cluster.layout().secret(ROGUE_NODE), "localhost"), rogueInbox::add);
        assertTrue(rogue.awaitConnected(WAIT));
    }

    @AfterAll void closeRogue() {
        if (rogue != null) rogue.close();
    }

    record Party(String name, StanzaError expected, ThrowingSender sender) { }

    interface ThrowingSender {
        void send(String callId, String resource, XmlElement command) throws Exception;
    }

    static ThrowingSender client(RayoClient c, String domain) {
        return (callId, resource, command) -> c.request(JidCreate.from(callId + "@" + domain + (resource == null ? "" : "/" + resource)), command);
    }

    ThrowingSender rogueNode() {
        return (callId, resource, command) -> {
            String id = "rogue-" + System.nanoTime();
            rogueInbox.clear();
            rogue.send(Stanza.iq("set", Jid.domain(ROGUE_NODE), Jid.of(callId + "@rayo.localhost" + (resource == null ? "" : "/" + resource)), id, command));
            Stanza reply;
            do {
                reply = rogueInbox.poll(5, TimeUnit.SECONDS);
                assertNotNull(reply, "the gateway answered the rogue component");
            } while (!id.equals(reply.id()));
            assertTrue(reply.isError(), "refused: " + reply.element());
            throw new RayoException(reply.errorCondition(), reply.errorText());
        };
    }

    @Test void nobodyButTheOwnerControlsOrSeesACall() throws Exception {
        RayoClient owner = cluster.client("demo", "owner");
        RayoClient sibling = cluster.client("demo", "sibling");
        RayoClient otherApp = cluster.client("other", "intruder");
        RayoClient bannedResource = cluster.client("other", "banned");
        cluster.prosody().addUser("stranger", "pw");
        RayoClient stranger = RayoClient.connect(new RayoClient.Settings("127.0.0.1", cluster.layout().c2sPort(), "localhost", "stranger", "pw", "s", "rayo.localhost"));
        cluster.gateway().admin().ban("other@localhost/banned", "test");
        List<RayoClient> watchers = List.of(sibling, otherApp, bannedResource, stranger);
        List<List<String>> seen = new ArrayList<>();
        for (RayoClient w : watchers) seen.add(record(w));
        try {
            RayoCall call = owner.dial("sip:alice@example.com", null);
            assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT), "the owner sees its call's events");
            List<Party> parties = List.of(
                    new Party("other resource of the owner", StanzaError.CONFLICT, client(sibling, "rayo.localhost")),
                    new Party("other application", StanzaError.ITEM_NOT_FOUND, client(otherApp, "rayo.localhost")),
                    new Party("banned resource", StanzaError.FORBIDDEN, client(bannedResource, "rayo.localhost")),
                    new Party("unregistered user", StanzaError.FORBIDDEN, client(stranger, "rayo.localhost")),
                    new Party("node domain on the external side", StanzaError.FORBIDDEN, rogueNode()),
                    new Party("client on the internal side", StanzaError.FORBIDDEN, client(sibling, "rayo-internal.localhost")));
            List<String> wrong = new ArrayList<>();
            for (Party p : parties) {
                for (Map.Entry<String, String> cmd : COMMANDS.entrySet()) {
                    String resource = cmd.getKey().contains("component") ? "comp1" : null;
                    try {
                        p.sender().send(call.id(), resource, XmlElement.parse(cmd.getValue().replace("%CALL%", call.id())));
                        wrong.add(p.name() + " / " + cmd.getKey() + ": accepted");
                    } catch (RayoException e) {
                        if (e.condition() != p.expected()) wrong.add(p.name() + " / " + cmd.getKey() + ": " + e.condition() + " (" + e.getMessage() + ")");
                    }
                }
            }
            assertEquals(List.of(), wrong, "every party gets the right refusal for every command");
            assertNotNull(cluster.gateway().calls().find(call.id()), "the call is untouched");
            // A whole application banned: refused on every stanza, its dials too; lifted again.
            cluster.gateway().admin().ban("other@localhost", "test");
            RayoException banned = assertThrows(RayoException.class, () -> otherApp.dial("sip:x@example.com", null));
            assertEquals(StanzaError.FORBIDDEN, banned.condition());
            assertTrue(banned.getMessage().contains("banned"), banned.getMessage());
            cluster.gateway().admin().unban("other@localhost");
            RayoCall allowed = otherApp.dial("sip:y@example.com", null);
            assertNotNull(allowed.awaitSignal(Signal.Type.ANSWERED, WAIT), "unbanned: served again");
            allowed.hangup();
            call.hangup();
            assertNotNull(call.await(End.class, WAIT));
            for (int i = 0; i < watchers.size(); i++) {
                assertTrue(seen.get(i).stream().filter(x -> x.startsWith("<presence")).noneMatch(x -> x.contains(call.id())),
                        "no event of the call reached watcher " + i);
            }
        } finally {
            cluster.gateway().admin().unban("other@localhost/banned");
            stranger.close();
        }
    }

    /**
     * Another application's call named inside a payload, to one's own call or in a dial: every
     * command that carries a call reference is refused as if the call did not exist, and the
     * victim's call is never joined. Both calls are on one node, where a join would work.
     */
    @Test void noApplicationNamesAnotherApplicationsCallInAPayload() throws Exception {
        RayoClient victimApp = cluster.client("demo", "victim");
        RayoClient attacker = cluster.client("other", "attacker");
        RayoCall victim = victimApp.dial("sip:victim@example.com", null);
        assertNotNull(victim.awaitSignal(Signal.Type.ANSWERED, WAIT));
        String node = cluster.gateway().calls().find(victim.id()).nodeDomain();
        RayoCall own = null;
        for (int i = 0; i < 20 && own == null; i++) {
            RayoCall c = attacker.dial("sip:attacker@example.com", null);
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            if (cluster.gateway().calls().find(c.id()).nodeDomain().equals(node)) own = c;
            else c.hangup();
        }
        assertNotNull(own, "the attacker got a call on the victim's node");
        String[] refs = { victim.uri(), victim.id() + "@rayo.localhost", "xmpp:" + victim.id() + "@" + node,
                "xmpp:" + victim.id() + "@rayo-internal.localhost" };
        List<String> wrong = new ArrayList<>();
        for (String ref : refs) {
            Map<String, XmlElement> commands = new LinkedHashMap<>();
            commands.put("join", XmlElement.parse("<join xmlns='urn:xmpp:rayo:1' call-uri='" + ref + "'/>"));
            commands.put("unjoin", XmlElement.parse("<unjoin xmlns='urn:xmpp:rayo:1' call-uri='" + ref + "'/>"));
            for (Map.Entry<String, XmlElement> cmd : commands.entrySet()) {
                try {
                    attacker.request(own.jid(), cmd.getValue());
                    wrong.add(cmd.getKey() + " " + ref + ": accepted");
                } catch (RayoException e) {
                    if (e.condition() != StanzaError.ITEM_NOT_FOUND) wrong.add(cmd.getKey() + " " + ref + ": " + e.condition());
                }
            }
            try {
                attacker.request(JidCreate.from("rayo.localhost"), XmlElement.parse("<dial xmlns='urn:xmpp:rayo:1' to='sip:x@example.com'><join call-uri='" + ref + "'/></dial>"));
                wrong.add("dial with nested join " + ref + ": accepted");
            } catch (RayoException e) {
                if (e.condition() != StanzaError.ITEM_NOT_FOUND) wrong.add("dial with nested join " + ref + ": " + e.condition());
            }
        }
        assertEquals(List.of(), wrong, "every reference to another application's call is item-not-found");
        Thread.sleep(300);
        assertTrue(victim.events().stream().noneMatch(e -> e instanceof com.rayo.protocol.rayo.JoinTarget), "the victim's call was never joined: " + victim.events());
        own.hangup();
        victim.hangup();
    }

    @Test void aDialOverTheApplicationRateLimitIsAResourceConstraint() throws Exception {
        // The limit is per application; the default config has none, so set one on a fresh gateway.
        cluster.restartGateway("rayo.gateway.dial.rate-limit.applications { other { per-second = 1, burst = 2 } }\n");
        try {
            cluster.awaitNodes(2, Duration.ofSeconds(10));
            RayoClient app = cluster.client("other", "rate");
            List<RayoCall> ok = new ArrayList<>();
            ok.add(app.dial("sip:r1@example.com", null));
            ok.add(app.dial("sip:r2@example.com", null));
            RayoException e = assertThrows(RayoException.class, () -> app.dial("sip:r3@example.com", null));
            assertEquals(StanzaError.RESOURCE_CONSTRAINT, e.condition());
            assertTrue(e.getMessage().contains("rate limit"), e.getMessage());
            RayoCall demo = cluster.client("demo", "unlimited").dial("sip:d@example.com", null);
            assertNotNull(demo.awaitSignal(Signal.Type.ANSWERED, WAIT), "other applications are not limited by it");
            Thread.sleep(1100);
            ok.add(app.dial("sip:r4@example.com", null));
            for (RayoCall c : ok) c.hangup();
            demo.hangup();
        } finally {
            cluster.restartGateway();
            cluster.awaitNodes(2, Duration.ofSeconds(10));
        }
    }
}
