package com.rayo.node.media;

/** What a verb hears of a call. Defaults do nothing, so each listener implements what it needs. */
public interface MediaListener {
    /** 20 ms of what the far end sent, decoded; on the receive thread. */
    default void heard(short[] frame) {}

    /** Once per media clock tick: what the node sent (null: nothing this tick); on the clock thread. */
    default void sent(short[] frame) {}

    /** A key pressed at the far end (RFC 4733 event or SIP INFO), once per press. */
    default void digit(char key) {}
}
