package com.rayo.rtp.relay;

/** A media relay's state in its cluster. Only ONLINE relays get new sessions. */
public enum RelayState {
    /** Answers probes; takes new sessions. */
    ONLINE,
    /** Suspended by an admin: keeps serving its sessions, gets no new ones, until resumed. */
    SUSPENDED,
    /** Being deleted by an admin: no new sessions; removed once its last session ends. */
    DRAINING,
    /** Stopped answering: re-probed with back-off; its sessions are still routed to it (it may come back). */
    OFFLINE
}
