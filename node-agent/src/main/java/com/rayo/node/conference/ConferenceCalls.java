package com.rayo.node.conference;

import com.rayo.node.media.CallMedia;

/** What the mixers need of the backend's calls. */
public interface ConferenceCalls {
    boolean exists(String callId);

    /** The call's media once it is answered, else null. */
    CallMedia media(String callId);

    /** Whether the call is joined to another call (a call takes part in one join at a time). */
    boolean joinedToCall(String callId);
}
