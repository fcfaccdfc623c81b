package com.rayo.node.sip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

/** SIP INFO bodies as phones send them: spacing, case, line endings; and what carries no DTMF. */
class DtmfInfoTest {
    @Test void dtmfRelayBodiesInTheirUsualSpellings() {
        assertEquals(List.of('5'), DtmfInfo.keys("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        assertEquals(List.of('*'), DtmfInfo.keys("application/dtmf-relay", "signal= *\nduration=100"));
        assertEquals(List.of('#'), DtmfInfo.keys("application/dtmf-relay", "Duration=250\r\nSignal = #"));
        assertEquals(List.of('A'), DtmfInfo.keys("application/dtmf-relay", "Signal=a"));
        assertEquals(List.of(), DtmfInfo.keys("application/dtmf-relay", "Duration=160"), "no signal: no key, still a DTMF body");
        assertEquals(List.of(), DtmfInfo.keys("application/dtmf-relay", "Signal=X"), "not a DTMF key");
    }

    @Test void plainDtmfBodiesAndOtherContent() {
        assertEquals(List.of('1', '2'), DtmfInfo.keys("application/dtmf", "12\r\n"));
        assertNull(DtmfInfo.keys("application/sdp", "v=0"), "not DTMF: the node answers 415");
        assertNull(DtmfInfo.keys("", ""));
    }
}
