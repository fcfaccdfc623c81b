package com.rayo.node.sip;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SipUrisTest {
    @Test void nonAsciiUserPartsArePercentEncodedAsUtf8() throws Exception {
        assertEquals("sip:%F0%9F%98%80@host", SipUris.normalize("sip:😀@host"));
        assertEquals("sip:j%C3%BCrgen@example.com;transport=udp", SipUris.normalize("sip:jürgen@example.com;transport=udp"));
        assertEquals("sips:a%20b@h", SipUris.normalize("sips:a b@h"));
    }

    @Test void validUrisAreLeftAlone() throws Exception {
        assertEquals("sip:alice@example.com:5060", SipUris.normalize("sip:alice@example.com:5060"));
        assertEquals("sip:a%41@h", SipUris.normalize("sip:a%41@h"));
        assertEquals("sip:example.com", SipUris.normalize("sip:example.com"));
    }

    @Test void theErrorSaysWhatIsWrong() {
        assertEquals("'tel:+123' is not a sip: or sips: URI (scheme 'tel')", assertThrows(SipUris.Invalid.class, () -> SipUris.normalize("tel:+123")).getMessage());
        assertEquals("'alice' is not a sip: or sips: URI (no scheme)", assertThrows(SipUris.Invalid.class, () -> SipUris.normalize("alice")).getMessage());
        assertEquals("'sip:bob@' has no host", assertThrows(SipUris.Invalid.class, () -> SipUris.normalize("sip:bob@")).getMessage());
        assertEquals("'sip:@h' has an empty user part before '@'", assertThrows(SipUris.Invalid.class, () -> SipUris.normalize("sip:@h")).getMessage());
    }
}
