package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.jivesoftware.smack.packet.IQ;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Dial;
import com.rayo.protocol.rayo.Join;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.protocol.rayo.Signal;

class OutboundCallTest extends ClusterTest {
    @Test void dialRingsAnswersAndHangsUpWithoutRevealingNodes() throws Exception {
        RayoClient app = cluster.client("demo", "out1");
        List<String> seen = record(app);
        RayoCall call = app.dial("sip:alice@example.com", "sip:demo@example.com");
        assertEquals("rayo.localhost", call.jid().getDomain().toString());
        assertNotNull(call.awaitSignal(Signal.Type.RINGING, WAIT), "ringing");
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT), "answered");
        call.hangup();
        End end = call.await(End.class, WAIT);
        assertNotNull(end, "end after hangup");
        assertEquals(End.Reason.HANGUP_COMMAND, end.reason());
        assertEquals(List.of("ringing", "answered", "end"), call.events().stream().map(e -> e.toXml().name()).toList());
        eventually("call forgotten by the gateway", () -> cluster.gateway().calls().find(call.id()) == null, WAIT);
        for (String xml : seen) {
            assertFalse(xml.contains("node1") || xml.contains("node2") || xml.contains("rayo-internal"), "node address leaked: " + xml);
            if (xml.startsWith("<presence")) assertTrue(xml.contains("from='" + call.id() + "@rayo.localhost'"), xml);
        }
    }

    @Test void endReasonsOfTheFarEndReachTheApplication() throws Exception {
        RayoClient app = cluster.client("demo", "out2");
        assertEquals(End.Reason.BUSY, app.dial("sip:busy@example.com", null).await(End.class, WAIT).reason());
        assertEquals(End.Reason.REJECTED, app.dial("sip:reject@example.com", null).await(End.class, WAIT).reason());
        End err = app.dial("sip:error@example.com", null).await(End.class, WAIT);
        assertEquals(End.Reason.ERROR, err.reason());
        assertEquals("simulated failure", err.errorText());
    }

    @Test void joinedEventsCarryExternalCallUris() throws Exception {
        // One node only takes both calls when the other is drained: use the registry to find a shared node.
        RayoClient app = cluster.client("demo", "join");
        RayoCall a, b;
        int tries = 0;
        do {
            a = app.dial("sip:a@example.com", null);
            b = app.dial("sip:b@example.com", null);
            assertNotNull(a.awaitSignal(Signal.Type.ANSWERED, WAIT));
            assertNotNull(b.awaitSignal(Signal.Type.ANSWERED, WAIT));
        } while (!cluster.gateway().calls().find(a.id()).nodeDomain().equals(cluster.gateway().calls().find(b.id()).nodeDomain()) && ++tries < 20);
        a.join(b);
        JoinTarget joined = a.await(JoinTarget.class, WAIT);
        assertEquals(JoinTarget.Type.JOINED, joined.type());
        assertEquals("xmpp:" + b.id() + "@rayo.localhost", joined.callUri());
        a.hangup();
        b.hangup();
    }

    @Test void aDialsNestedJoinIsHonouredOnceAnswered() throws Exception {
        RayoClient app = cluster.client("demo", "nested");
        RayoCall first = app.dial("sip:first@example.com", null);
        assertNotNull(first.awaitSignal(Signal.Type.ANSWERED, WAIT));
        for (int i = 0; i < 4; i++) { // the selector would spread these over both nodes: the join keeps them with the first call
            RayoCall second = app.dial(new Dial("sip:second@example.com", null, null, List.of(), List.of(Join.call(first.uri()))));
            assertEquals(cluster.gateway().calls().find(first.id()).nodeDomain(), cluster.gateway().calls().find(second.id()).nodeDomain(),
                    "placed on the node of the call it joins");
            assertNotNull(second.awaitSignal(Signal.Type.ANSWERED, WAIT));
            JoinTarget joined = second.await(JoinTarget.class, WAIT);
            assertNotNull(joined, "joined once answered");
            assertEquals(JoinTarget.Type.JOINED, joined.type());
            assertEquals(first.uri(), joined.callUri());
            second.hangup();
            assertNotNull(second.await(End.class, WAIT));
        }
        first.hangup();
    }

    @Test void aDialJoiningACallThatDoesNotExistIsRefusedAndPlacesNoCall() throws Exception {
        RayoClient app = cluster.client("demo", "nested-bad");
        long before = cluster.gateway().calls().totalCount();
        RayoException e = assertThrows(RayoException.class, () -> app.dial(new Dial("sip:x@example.com", null, null, List.of(),
                List.of(Join.call("xmpp:no-such-call@rayo.localhost")))));
        assertEquals(StanzaError.ITEM_NOT_FOUND, e.condition());
        assertEquals(before, cluster.gateway().calls().totalCount(), "no call was placed");
    }

    @Test void errorsSayWhatIsReallyWrong() throws Exception {
        RayoClient app = cluster.client("demo", "errors");
        RayoException get = assertThrows(RayoException.class, () -> app.request(JidCreate.from("rayo.localhost"),
                XmlElement.parse("<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'/>"), IQ.Type.get));
        assertEquals(StanzaError.BAD_REQUEST, get.condition());
        assertTrue(get.getMessage().contains("type 'set'"), get.getMessage());
    }

    @Test void commandToAnEndedCallIsItemNotFound() throws Exception {
        RayoClient app = cluster.client("demo", "out3");
        RayoCall call = app.dial("sip:busy@example.com", null);
        assertNotNull(call.await(End.class, WAIT));
        RayoException e = assertThrows(RayoException.class, call::hangup);
        assertEquals(StanzaError.ITEM_NOT_FOUND, e.condition());
    }
}
