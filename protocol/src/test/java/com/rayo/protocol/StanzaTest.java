package com.rayo.protocol;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import com.rayo.protocol.xml.XmlElement;

class StanzaTest {
    @Test void errorReplySwapsAddressesAndCarriesText() {
        Stanza iq = new Stanza(XmlElement.parse("<iq xmlns='jabber:component:accept' type='set' id='a1' from='app@localhost/r' to='rayo.localhost'><dial xmlns='urn:xmpp:rayo:1'/></iq>"));
        Stanza err = iq.errorReply(StanzaError.BAD_REQUEST, "<dial> needs a 'to' attribute");
        assertEquals("app@localhost/r", err.element().attr("to"));
        assertEquals("rayo.localhost", err.element().attr("from"));
        assertEquals("a1", err.id());
        assertEquals(StanzaError.BAD_REQUEST, err.errorCondition());
        assertEquals("<dial> needs a 'to' attribute", err.errorText());
        assertTrue(err.toXml().startsWith("<iq type='error'"), err.toXml());
        assertTrue(err.toXml().contains("&lt;dial&gt;"));
    }

    @Test void payloadSkipsError() {
        Stanza s = new Stanza(XmlElement.parse("<iq xmlns='jabber:client' type='error'><error type='cancel'/><ref xmlns='urn:xmpp:rayo:1' uri='xmpp:a@b'/></iq>"));
        assertEquals("ref", s.payload().name());
    }
}
