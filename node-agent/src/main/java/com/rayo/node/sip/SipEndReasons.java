package com.rayo.node.sip;

import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Reject;

/** How SIP outcomes map to Rayo end reasons, and Rayo reject reasons to SIP responses. */
final class SipEndReasons {
    private SipEndReasons() {}

    /** The end of an outbound call refused with {@code status} (≥ 300). */
    static End.Reason ofFinalResponse(int status) {
        return switch (status) {
            case 486, 600 -> End.Reason.BUSY;
            case 408, 480, 487 -> End.Reason.TIMEOUT;
            case 403, 603 -> End.Reason.REJECTED;
            default -> End.Reason.ERROR;
        };
    }

    static int statusOf(Reject.Reason reason) {
        return switch (reason == null ? Reject.Reason.DECLINE : reason) {
            case BUSY -> 486;
            case DECLINE -> 603;
            case ERROR -> 500;
        };
    }
}
