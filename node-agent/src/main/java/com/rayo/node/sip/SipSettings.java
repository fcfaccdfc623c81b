package com.rayo.node.sip;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The SIP backend's settings ({@code rayo.node.sip.*}, {@code rayo.node.media.*}).
 *
 * @param host          the address the SIP stack listens on and puts in Via/Contact/SDP
 * @param port          its SIP port (UDP)
 * @param outboundProxy {@code host:port} every outbound INVITE goes through, or null for direct
 * @param user          the user part of Contact and of the default From
 * @param noAnswer      an outbound call not answered by then is cancelled and ends with timeout
 * @param mediaNg       the RTP cluster balancer's NG socket every call's SDP goes through
 * @param mediaTimeout  its time to answer one NG request
 * @param mediaCheck    how often each answered call's relay session is checked (zero: never)
 */
public record SipSettings(String host, int port, String outboundProxy, String user, Duration noAnswer,
                          InetSocketAddress mediaNg, Duration mediaTimeout, Duration mediaCheck) {
    public SipSettings {
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("rayo.node.sip.port must be 1-65535, not " + port);
        if (mediaNg == null) throw new IllegalArgumentException("rayo.node.media.ng must name the balancer's NG socket (host:port)");
    }

    /** {@code host:port} → an address; IllegalArgumentException naming the key when it is not one. */
    public static InetSocketAddress hostPort(String key, String value) {
        int colon = value.lastIndexOf(':');
        try {
            if (colon <= 0) throw new NumberFormatException();
            return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be host:port, not '" + value + "'");
        }
    }
}
