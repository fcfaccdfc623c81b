package com.rayo.protocol.rayo;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import com.rayo.protocol.Jid;
import com.rayo.protocol.xml.XmlElement;

class PayloadJidsTest {
    private static Jid toExternal(Jid j) {
        return j.domain().startsWith("node") ? j.withDomain("rayo.localhost") : j;
    }

    @Test void rewritesEveryJidInsideRayoPayloads() {
        XmlElement in = XmlElement.parse("<presence xmlns='jabber:component:accept'>"
                + "<joined xmlns='urn:xmpp:rayo:1' call-uri='xmpp:abc@node1.localhost'/>"
                + "<ref xmlns='urn:xmpp:rayo:1' uri='xmpp:abc@node1.localhost/comp1'/>"
                + "<other xmlns='urn:example' uri='xmpp:abc@node1.localhost'/></presence>");
        XmlElement out = PayloadJids.rewrite(in, PayloadJidsTest::toExternal);
        String xml = out.toXml();
        assertTrue(xml.contains("call-uri='xmpp:abc@rayo.localhost'"), xml);
        assertTrue(xml.contains("uri='xmpp:abc@rayo.localhost/comp1'"), xml);
        assertTrue(xml.contains("<other xmlns='urn:example' uri='xmpp:abc@node1.localhost'/>"), "foreign namespaces untouched: " + xml);
    }

    @Test void nestedJoinInsideDial() {
        XmlElement dial = new Dial("sip:x@y", null, null, java.util.List.of(), java.util.List.of(Join.call("xmpp:other@node2.localhost"))).toXml();
        Dial out = (Dial) RayoProviders.parse(PayloadJids.rewrite(dial, PayloadJidsTest::toExternal));
        assertEquals("xmpp:other@rayo.localhost", out.joins().get(0).callUri());
    }

    @Test void untouchedTreeIsShared() {
        XmlElement e = XmlElement.parse("<ringing xmlns='urn:xmpp:rayo:1'/>");
        assertSame(e, PayloadJids.rewrite(e, PayloadJidsTest::toExternal));
    }
}
