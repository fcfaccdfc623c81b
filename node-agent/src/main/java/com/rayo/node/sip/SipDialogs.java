package com.rayo.node.sip;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.protocol.rayo.Header;

/**
 * The SIP messages of a call's dialog, sent the way RFC 3261 wants: final responses with our
 * tag and Contact, ACK for every 2xx, BYE, CANCEL only after a provisional, stateless answers to
 * requests we do not own. The backend decides what to send; this class knows how.
 */
final class SipDialogs {
    private static final Logger log = LoggerFactory.getLogger(SipDialogs.class);
    private final SipSettings settings;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final MessageFactory messages;
    private final com.rayo.node.backend.NodeCounters counters;

    SipDialogs(SipSettings settings, SipProvider provider, HeaderFactory headers, AddressFactory addresses, MessageFactory messages,
               com.rayo.node.backend.NodeCounters counters) {
        this.settings = settings;
        this.counters = counters;
        this.provider = provider;
        this.headers = headers;
        this.addresses = addresses;
        this.messages = messages;
    }

    /** Answered: BYE. Outbound and not answered: CANCEL, at once if a provisional came, else on the first one. */
    void cancelOrBye(SipCall call) {
        if (call.state == SipCall.State.ANSWERED) bye(call);
        else if (call.state == SipCall.State.RINGING) sendCancel(call);
        else call.cancelWhenRinging = true;
    }

    void sendCancel(SipCall call) {
        call.cancelWhenRinging = false;
        try {
            provider.getNewClientTransaction(call.invite.createCancel()).sendRequest();
        } catch (SipException e) {
            log.debug("event=cancel-failed call={} reason=\"{}\"", call.rayoId, e.toString());
        }
    }

    void bye(SipCall call) {
        try {
            ClientTransaction t = provider.getNewClientTransaction(call.dialog.createRequest(Request.BYE));
            call.dialog.sendRequest(t);
        } catch (SipException | RuntimeException e) {
            log.debug("event=bye-failed call={} reason=\"{}\"", call.rayoId, e.toString());
        }
    }

    void finalResponse(SipCall call, int status, List<Header> hs, String sdp) throws Exception {
        Response r = messages.createResponse(status, call.incoming.getRequest());
        ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(call.localTag);
        r.addHeader(contact());
        SipHeaders.addTo(r, hs, headers);
        if (sdp != null) r.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        send(call.incoming, r);
    }

    /** Every response the node sends goes here, so the metrics count it. */
    void send(ServerTransaction st, Response r) throws SipException, javax.sip.InvalidArgumentException {
        counters.sipResponse(false, r.getStatusCode());
        st.sendResponse(r);
    }

    /** ACK every 2xx (retransmissions too); a 2xx to a call already hung up is ACKed then ended with BYE. */
    void ackOrBye(SipCall call, ResponseEvent e, long seq) {
        try {
            Dialog d = e.getDialog() != null ? e.getDialog() : call.dialog;
            if (call.ack == null) call.ack = d.createAck(seq);
            d.sendAck(call.ack);
            call.dialog = d;
            if (call.state == SipCall.State.ENDED) bye(call);
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException ex) {
            log.debug("event=ack-failed call={} reason=\"{}\"", call.rayoId, ex.toString());
        }
    }

    void respond(RequestEvent e, int status) throws Exception {
        Response r = messages.createResponse(status, e.getRequest());
        ServerTransaction st = e.getServerTransaction();
        if (st == null) {
            counters.sipResponse(false, status);
            provider.sendResponse(r); // stateless: no transaction to keep for a request we do not own
        } else {
            send(st, r);
        }
    }

    ContactHeader contact() throws java.text.ParseException {
        return headers.createContactHeader(addresses.createAddress("sip:" + settings.user() + "@" + settings.host() + ":" + settings.port()));
    }

    static String tag() { return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36); }
}
