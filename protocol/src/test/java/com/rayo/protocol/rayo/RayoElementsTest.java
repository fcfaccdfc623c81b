package com.rayo.protocol.rayo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.rayo.protocol.xml.XmlElement;

/** Round trips on examples in the style of XEP-0327, plus the errors a sender sees. */
class RayoElementsTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "<dial xmlns='urn:xmpp:rayo:1' to='tel:+13055195825' from='tel:+14152226789'><header name='x-skill' value='agent'/><header name='x-customer-id' value='8877'/></dial>",
        "<dial xmlns='urn:xmpp:rayo:1' to='sip:alice@example.com' from='sip:bob@example.com' timeout='30000'><join direction='duplex' media='bridge' call-uri='xmpp:9f00061@call.shakespeare.lit'/></dial>",
        "<ref xmlns='urn:xmpp:rayo:1' uri='xmpp:9f00061@call.shakespeare.lit'/>",
        "<offer xmlns='urn:xmpp:rayo:1' to='tel:+18003211212' from='tel:+13058881212'><header name='Via' value='192.168.0.1'/></offer>",
        "<accept xmlns='urn:xmpp:rayo:1'/>",
        "<answer xmlns='urn:xmpp:rayo:1'><header name='x-skill' value='agent'/></answer>",
        "<hangup xmlns='urn:xmpp:rayo:1'/>",
        "<ringing xmlns='urn:xmpp:rayo:1'/>",
        "<answered xmlns='urn:xmpp:rayo:1'/>",
        "<reject xmlns='urn:xmpp:rayo:1'><busy/></reject>",
        "<reject xmlns='urn:xmpp:rayo:1'><decline/><header name='x-reason-internal' value='bad-skill'/></reject>",
        "<redirect xmlns='urn:xmpp:rayo:1' to='tel:+14152226789'/>",
        "<join xmlns='urn:xmpp:rayo:1' direction='send' media='direct' mixer-name='1234'/>",
        "<unjoin xmlns='urn:xmpp:rayo:1' call-uri='xmpp:9f00061@call.shakespeare.lit'/>",
        "<joined xmlns='urn:xmpp:rayo:1' call-uri='xmpp:b5c6e1f@call.shakespeare.lit'/>",
        "<unjoined xmlns='urn:xmpp:rayo:1' mixer-name='conf1'/>",
        "<unjoined xmlns='urn:xmpp:rayo:1' mixer-name='conf1'><reason xmlns='urn:xmpp:rayo:cluster:1'>the mixer's node was lost</reason></unjoined>",
        "<started-speaking xmlns='urn:xmpp:rayo:1' call-uri='xmpp:b5c6e1f@call.shakespeare.lit'/>",
        "<stopped-speaking xmlns='urn:xmpp:rayo:1' call-uri='xmpp:b5c6e1f@call.shakespeare.lit'/>",
        "<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' call-uri='xmpp:b5c6e1f@node2.example' direction='recv'/>",
        "<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' host='10.0.0.2' port='40000'/>",
        "<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' mixer-name='m0a1b2c3d4e5f-sales' host='10.0.0.2' port='40000'/>",
        "<end xmlns='urn:xmpp:rayo:1'><hungup/></end>",
        "<end xmlns='urn:xmpp:rayo:1'><hangup-command/></end>",
        "<end xmlns='urn:xmpp:rayo:1'><error>node lost</error></end>",
        "<output xmlns='urn:xmpp:rayo:output:1' max-time='5000' voice='allison'><document content-type='text/uri-list' url='http://example.com/hello.wav'/></output>",
        "<output xmlns='urn:xmpp:rayo:output:1'><document content-type='application/ssml+xml'><speak xmlns='http://www.w3.org/2001/10/synthesis'>Hello <break/> world</speak></document></output>",
        "<input xmlns='urn:xmpp:rayo:input:1' mode='dtmf' min-confidence='0.3'><grammar content-type='application/srgs+xml' url='http://example.com/g.grxml'/></input>",
        "<record xmlns='urn:xmpp:rayo:record:1' format='wav' max-duration='30000' start-beep='true'/>",
        "<prompt xmlns='urn:xmpp:rayo:prompt:1' barge-in='true'><output xmlns='urn:xmpp:rayo:output:1'><document content-type='text/plain'>Press one</document></output><input xmlns='urn:xmpp:rayo:input:1' mode='dtmf'><grammar content-type='application/grammar+voxeo' url='digits'/></input></prompt>",
        "<stop xmlns='urn:xmpp:rayo:ext:1'/>",
        "<seek xmlns='urn:xmpp:rayo:output:1' direction='forward' amount='10000'/>",
        "<complete xmlns='urn:xmpp:rayo:ext:1'><finish xmlns='urn:xmpp:rayo:output:complete:1'/></complete>",
        "<node-info xmlns='urn:xmpp:rayo:cluster:1'><platform>staging</platform><weight>10</weight><priority>1</priority></node-info>",
        "<node-info xmlns='urn:xmpp:rayo:cluster:1'><platform>prod</platform><weight>3</weight><priority>2</priority><active-calls>4</active-calls><capacity>100</capacity></node-info>",
    })
    void roundTrips(String xml) {
        XmlElement parsed = XmlElement.parse(xml);
        RayoElement element = RayoProviders.parse(parsed);
        assertNotNull(element, "no provider for " + xml);
        assertEquals(parsed, element.toXml(), "round trip of " + xml);
        assertEquals(element, RayoProviders.parse(XmlElement.parse(element.toXml().toXml())));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<dial xmlns='urn:xmpp:rayo:1' from='sip:a@b'/>|needs a 'to'",
        "<dial xmlns='urn:xmpp:rayo:1' to='sip:a@b' timeout='soon'/>|must be an integer",
        "<dial xmlns='urn:xmpp:rayo:1' to='sip:a@b'><foo/></dial>|does not take a <foo>",
        "<ref xmlns='urn:xmpp:rayo:1' uri='xmpp:'/>|xmpp: URI",
        "<reject xmlns='urn:xmpp:rayo:1'><angry/></reject>|busy, decline or error",
        "<end xmlns='urn:xmpp:rayo:1'/>|needs a reason",
        "<join xmlns='urn:xmpp:rayo:1'/>|exactly one of call-uri or mixer-name",
        "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:a@b' direction='sideways'/>|duplex|send|recv",
        "<output xmlns='urn:xmpp:rayo:output:1'/>|at least one <document>",
        "<input xmlns='urn:xmpp:rayo:input:1' min-confidence='7'><grammar url='x'/></input>|between 0 and 1",
        "<node-info xmlns='urn:xmpp:rayo:cluster:1'><weight>3</weight></node-info>|needs a <platform>",
        "<node-info xmlns='urn:xmpp:rayo:cluster:1'><platform>p</platform><weight>heavy</weight></node-info>|must be an integer",
    })
    void malformedElementsSayWhatIsWrong(String row) {
        String[] parts = row.split("\\|", 2);
        RayoParseException e = assertThrows(RayoParseException.class, () -> RayoProviders.parse(XmlElement.parse(parts[0])));
        assertTrue(e.getMessage().contains(parts[1]), e.getMessage());
    }

    @Test void mixerNamesAreJidLocalParts() {
        for (String bad : new String[] {"two words", "a@b", "x/y", "q'uote", "", "x".repeat(65)}) {
            RayoParseException e = assertThrows(RayoParseException.class, () -> RayoProviders.parse(XmlElement.builder("join", RayoNamespaces.CORE).attr("mixer-name", bad).build()));
            assertTrue(e.getMessage().startsWith("<join> mixer-name '" + bad + "'"), e.getMessage());
        }
        assertNull(JoinTarget.mixerNameProblem("sales-2.floor_3"));
        assertEquals("the mixer's node was lost", ((JoinTarget) RayoProviders.parse(XmlElement.parse(
                "<unjoined xmlns='urn:xmpp:rayo:1' mixer-name='conf1'><reason xmlns='urn:xmpp:rayo:cluster:1'>the mixer's node was lost</reason></unjoined>"))).reason());
        assertThrows(RayoParseException.class, () -> RayoProviders.parse(XmlElement.parse("<started-speaking xmlns='urn:xmpp:rayo:1'/>")), "names its speaker");
        assertThrows(RayoParseException.class, () -> RayoProviders.parse(XmlElement.parse("<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' host='h'/>")), "host and port together");
        assertThrows(RayoParseException.class, () -> RayoProviders.parse(XmlElement.parse("<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' host='h' port='70000'/>")));
        assertEquals(RayoProviders.Category.EVENT, RayoProviders.category(new Speaking(true, "xmpp:a@b")));
        assertEquals(RayoProviders.Category.CLUSTER, RayoProviders.category(MixerLeg.at("h", 1)));
    }

    @Test void mixerNamesAreRewrittenInEveryRayoElement() {
        XmlElement in = XmlElement.parse("<dial xmlns='urn:xmpp:rayo:1' to='sip:a@b'><join mixer-name='sales'/></dial>");
        XmlElement out = PayloadJids.rewriteMixerNames(in, n -> n.equals("sales") ? "m1-sales" : n);
        assertEquals("m1-sales", out.elements().get(0).attr("mixer-name"));
        assertSame(in, PayloadJids.rewriteMixerNames(in, n -> n), "nothing changed: the same tree");
    }

    @Test void unknownElementsAreNotParsed() {
        assertNull(RayoProviders.parse(XmlElement.parse("<teleport xmlns='urn:xmpp:rayo:1'/>")));
        assertNull(RayoProviders.parse(XmlElement.parse("<dial xmlns='urn:example:other'/>")));
    }

    @Test void categories() {
        assertEquals(RayoProviders.Category.DIAL, RayoProviders.category(new Dial("sip:a@b", null)));
        assertEquals(RayoProviders.Category.CALL_COMMAND, RayoProviders.category(Signal.of(Signal.Type.HANGUP)));
        assertEquals(RayoProviders.Category.EVENT, RayoProviders.category(Signal.of(Signal.Type.RINGING)));
        assertEquals(RayoProviders.Category.EVENT, RayoProviders.category(End.of(End.Reason.BUSY)));
        assertEquals(RayoProviders.Category.CALL_COMMAND, RayoProviders.category(new JoinTarget(JoinTarget.Type.UNJOIN, null, "m")));
        assertEquals(RayoProviders.Category.COMPONENT_COMMAND, RayoProviders.category(RayoProviders.parse(XmlElement.parse("<stop xmlns='urn:xmpp:rayo:ext:1'/>"))));
    }

    @Test void textEscapesRoundTrip() {
        Dial d = new Dial("sip:a&b@example.com", "\"quoted\" <x>", null, List.of(new Header("X-Odd", "a'b<c>&d")), List.of());
        assertEquals(d, RayoProviders.parse(XmlElement.parse(d.toXml().toXml())));
    }
}
