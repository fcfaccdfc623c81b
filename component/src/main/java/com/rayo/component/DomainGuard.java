package com.rayo.component;

/**
 * Whether this process may hold a component domain now. The XMPP server gives a domain to one
 * connection; when several processes could hold it (standby gateways), something outside the
 * connection decides who does (the gateway's lease), and the connection asks it before it
 * connects, before it hands an inbound stanza on and before it writes an outbound one, so a
 * process that lost the domain while it was paused cannot act on it when it resumes.
 */
public interface DomainGuard {
    /** Asked before each connect attempt. */
    boolean mayConnect();

    /**
     * Asked before every inbound and outbound stanza: true to go on, false when the domain is
     * no longer this process's (the stanza is dropped). May block briefly while the answer is
     * being confirmed, so nothing is done on a domain that might have moved.
     */
    boolean awaitMayAct() throws InterruptedException;

    /** The server closed this connection because another one took the domain (stream error conflict). */
    void replaced();

    /**
     * For a domain nothing else coordinates (a node): held until another connection replaces this
     * one, then given up for good, so two processes started with the same domain do not take it
     * from each other in turn (the newest wins, as the XMPP server decides with kick_old).
     */
    static DomainGuard untilReplaced() {
        return new DomainGuard() {
            private volatile boolean replaced;
            @Override public boolean mayConnect() { return !replaced; }
            @Override public boolean awaitMayAct() { return !replaced; }
            @Override public void replaced() { replaced = true; }
        };
    }
}
