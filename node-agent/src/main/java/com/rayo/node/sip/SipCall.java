package com.rayo.node.sip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ScheduledFuture;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One call's SIP and media state. Guarded by its own monitor: SIP events (stack threads) and
 * Rayo commands (the XMPP reader) meet here.
 */
final class SipCall {
    enum Direction { OUTBOUND, INBOUND }

    enum State {
        /** Outbound INVITE sent, nothing back yet. */
        CALLING,
        /** Outbound: a provisional response came (CANCEL is allowed from here). */
        RINGING,
        /** Inbound INVITE offered to the application. */
        OFFERED,
        /** Inbound: 180 sent. */
        ACCEPTED,
        ANSWERED,
        ENDED
    }

    final String rayoId;
    final String sipCallId;
    final Direction direction;
    /** Our tag: From tag of an outbound call, To tag of an inbound one. */
    final String localTag;
    /** The node's media port: RTP the relay forwards to this call's node side lands here. */
    final DatagramChannel media;
    State state;
    String remoteTag;
    Dialog dialog;
    ClientTransaction invite;
    ServerTransaction incoming;
    Request ack;
    /** The peer's own SDP (its INVITE's or its 200's). */
    String peerSdp;
    /** The SDP the relay gave the node's side: where the node's media must go. */
    String nodeFacingSdp;
    /** The call this one is joined to through the node, or null. Guarded by the backend's join lock. */
    SipCall joinedTo;
    /** The join's media (its mixer and key relays) while joined; MediaBridges' own. Guarded by the backend's join lock. */
    MediaBridges.Join join;
    /** The node's SDP as the peer sees it (through the relay), for 200 OK and re-INVITEs. */
    String localSdpForPeer;
    /** Hung up before any provisional response: CANCEL goes out on the first one (RFC 3261 9.1). */
    boolean cancelWhenRinging;
    /** Outbound INVITE sent and no final response yet: the call stays reachable by its SIP call-id even once ended. */
    boolean awaitingFinal;
    ScheduledFuture<?> noAnswer;

    SipCall(String rayoId, String sipCallId, Direction direction, String localTag, String host) throws IOException {
        this.rayoId = rayoId;
        this.sipCallId = sipCallId;
        this.direction = direction;
        this.localTag = localTag;
        this.media = DatagramChannel.open().bind(new InetSocketAddress(host, 0));
        this.state = direction == Direction.OUTBOUND ? State.CALLING : State.OFFERED;
    }

    int mediaPort() {
        try {
            return ((InetSocketAddress) media.getLocalAddress()).getPort();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The tag the relay knows the offering side by (the INVITE's From tag). */
    String offererTag() { return direction == Direction.OUTBOUND ? localTag : remoteTag; }

    /** The answering side's tag (the INVITE's To tag). */
    String answererTag() { return direction == Direction.OUTBOUND ? remoteTag : localTag; }

    void closeMedia() {
        try {
            media.close();
        } catch (IOException ignored) {
            // nothing to keep
        }
        if (noAnswer != null) noAnswer.cancel(false);
    }
}
