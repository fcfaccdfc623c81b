package com.rayo.rtp.monitor;

/** {@code com.rayo.rtp:Type=RtpCluster,name=CLUSTER}: one cluster's state, counters and admin operations. */
public interface RtpClusterMXBean {
    String getName();
    String[] getControlAddresses();
    int getSessions();
    RelayView[] getRelays();
    long getCommands();
    long getErrors();
    long getRetransmits();
    long getFailovers();
    long getBadCommands();

    /** {@code name=…,protocol=udp,address=host:port,capacity=…,weight=…} */
    void add(String relaySpec);
    void suspend(String relay);
    void resume(String relay);
    /** Graceful: the relay leaves once its sessions have ended. */
    void delete(String relay);
}
