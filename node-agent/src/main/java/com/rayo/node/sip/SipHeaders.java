package com.rayo.node.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;

import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;

import com.rayo.protocol.rayo.Header;

/** Rayo {@code <header/>}s to SIP headers and back. */
final class SipHeaders {
    /** Headers the stack owns: a Rayo {@code <header/>} cannot set them. */
    private static final Set<String> RESERVED = Set.of("via", "from", "to", "call-id", "cseq", "contact", "max-forwards", "content-length",
            "content-type", "route", "record-route");

    private SipHeaders() {}

    /** Rayo headers into a SIP message; the ones the stack owns are left out. */
    static void addTo(Message m, List<Header> hs, HeaderFactory factory) throws ParseException {
        if (hs == null) return;
        for (Header h : hs) {
            if (RESERVED.contains(h.name().toLowerCase(Locale.ROOT))) continue;
            m.addHeader(factory.createHeader(h.name(), h.value()));
        }
    }

    /** Every header of an INVITE as Rayo {@code <header/>}s (the offer's). */
    static List<Header> of(Request req) {
        List<Header> out = new ArrayList<>();
        for (ListIterator<?> names = req.getHeaderNames(); names.hasNext(); ) {
            String name = (String) names.next();
            for (ListIterator<?> values = req.getHeaders(name); values.hasNext(); ) {
                String full = values.next().toString().strip();
                int colon = full.indexOf(':');
                out.add(new Header(name, colon < 0 ? full : full.substring(colon + 1).strip()));
            }
        }
        return out;
    }
}
