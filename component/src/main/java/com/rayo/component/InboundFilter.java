package com.rayo.component;

import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.xml.XmlElement;

/**
 * What every transport does before handing a stanza on: answers its own pings and
 * refuses oversized stanzas with policy-violation (never answering an error with an error).
 */
final class InboundFilter {
    static final String PING_NS = "urn:xmpp:ping";

    private InboundFilter() {}

    /** What to do with an inbound stanza: deliver it, or not, and what to answer. */
    record Verdict(boolean deliver, Stanza reply) {
        static final Verdict DELIVER = new Verdict(true, null);
    }

    static Verdict check(Stanza s, int maxBytes, TransportStats stats) {
        if (approximateSize(s.element()) > maxBytes) {
            stats.oversized.incrementAndGet();
            boolean answerable = !s.isError() && !s.isType("result") && s.element().attr("from") != null;
            return new Verdict(false, answerable ? s.errorReply(StanzaError.POLICY_VIOLATION, "stanza larger than " + maxBytes + " bytes") : null);
        }
        if (s.isIq() && s.isType("get")) {
            XmlElement p = s.payload();
            if (p != null && p.is("ping", PING_NS)) return new Verdict(false, s.resultReply(null));
        }
        return Verdict.DELIVER;
    }

    /** The serialised length without serialising: names, attributes and text summed. */
    static int approximateSize(XmlElement e) {
        int n = 2 * e.name().length() + 5 + e.namespace().length();
        for (var a : e.attributes().entrySet()) n += a.getKey().length() + a.getValue().length() + 4;
        for (Object c : e.nodes()) n += c instanceof XmlElement x ? approximateSize(x) : ((String) c).length();
        return n;
    }
}
