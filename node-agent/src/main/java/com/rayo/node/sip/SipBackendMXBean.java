package com.rayo.node.sip;

/** {@code com.rayo.node:Type=SipBackend,name=DOMAIN}: a SIP node's load and media health, for JMX/Jolokia and scrapers. */
public interface SipBackendMXBean {
    int getActiveCalls();

    int getCapacity();

    /** Calls ended because their relay session was gone (relay died or dropped it). */
    long getMediaLost();

    /** Verbs (output, input, prompt, record) running on this node's calls. */
    int getActiveComponents();

    /** Mixers (conferences) on this node. */
    int getActiveMixers();

    /** Media clock ticks that started more than 5 ms late: the node is short of CPU for its media. */
    long getLateMediaTicks();
}
