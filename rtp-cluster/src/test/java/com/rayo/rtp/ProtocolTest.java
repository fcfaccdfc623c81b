package com.rayo.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.rayo.rtp.config.ClusterSpec;
import com.rayo.rtp.config.RtpClusterXml;
import com.rayo.rtp.protocol.Command;
import com.rayo.rtp.protocol.ProtocolException;
import com.rayo.rtp.protocol.ReplyCache;
import com.rayo.rtp.relay.RelaySpec;

class ProtocolTest {
    @Test void commandsParseWithCookieVerbModifiersAndCallId() throws Exception {
        Command u = Command.parse("123_4 Uc0,8,101 call-1 10.0.0.1 5000 tag;1\n");
        assertEquals("123_4", u.cookie());
        assertEquals('U', u.verb());
        assertEquals("c0,8,101", u.modifiers());
        assertEquals("call-1", u.callId());
        assertEquals("Uc0,8,101 call-1 10.0.0.1 5000 tag;1", u.body());
        assertTrue(Command.parse("x v").isVersionQuery());
        assertTrue(Command.parse("x VF 20040107").isFeatureQuery());
        assertNull(Command.parse("x V").callId());
        assertThrows(ProtocolException.class, () -> Command.parse("onlycookie"));
        assertThrows(ProtocolException.class, () -> Command.parse("c 9abc"));
        assertThrows(ProtocolException.class, () -> Command.parse("c U " + "y".repeat(5000)));
    }

    @Test void bencodeRoundTripsAndRefusesGarbage() throws Exception {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("command", "offer");
        m.put("sdp", "v=0\r\nm=audio 5000 RTP/AVP 0\r\n");
        m.put("flags", List.of("trust-address", 7L));
        String b = com.rayo.rtp.protocol.Bencode.encode(m);
        assertEquals("d7:command5:offer3:sdp29:v=0\r\nm=audio 5000 RTP/AVP 0\r\n5:flagsl13:trust-addressi7eee", b);
        assertEquals(m, com.rayo.rtp.protocol.Bencode.decode(b));
        for (String bad : List.of("d7:command", "i12", "5:abc", "x", "d1:ai1ee trailing", "l".repeat(40) + "e".repeat(40))) {
            assertThrows(ProtocolException.class, () -> com.rayo.rtp.protocol.Bencode.decode(bad), bad);
        }
    }

    @Test void theReplyCacheAnswersRetransmissionsAndForgetsAfterItsTtl() {
        AtomicLong now = new AtomicLong();
        ReplyCache cache = new ReplyCache(30_000, now::get);
        ReplyCache.Lookup first = cache.lookup("10.0.0.1:5060", "c1");
        assertTrue(first.fresh());
        ReplyCache.Lookup retransmit = cache.lookup("10.0.0.1:5060", "c1");
        assertFalse(retransmit.fresh(), "a copy waits for the first's reply");
        assertSame(first.reply(), retransmit.reply());
        assertTrue(cache.lookup("10.0.0.2:5060", "c1").fresh(), "same cookie from another source is another request");
        now.addAndGet(30_001_000_000L);
        assertTrue(cache.lookup("10.0.0.1:5060", "c9").fresh());
        assertEquals(1, cache.size(), "expired entries dropped from the head, without a scan");
    }

    @Test void rtpClusterXmlIsReadForDropInMigration() throws Exception {
        Path f = Files.createTempFile("rtp_cluster", ".xml");
        Files.writeString(f, """
                <rtp_cluster_config>
                  <rtp_cluster>
                    <name>Supercluster#1</name>
                    <protocol>udp</protocol>
                    <address>127.0.0.1:32324</address>
                    <capacity_limit type="soft" />
                    <rtpproxy>
                      <name>RTPPROXY1</name><protocol>udp</protocol><address>127.0.0.1:22222</address>
                      <weight>100</weight><capacity>2500</capacity><status>active</status>
                    </rtpproxy>
                    <rtpproxy>
                      <name>RTPPROXY2</name><protocol>UDP</protocol><address>127.0.0.1:22223</address>
                      <weight>50</weight><capacity>1500</capacity><status>suspended</status>
                    </rtpproxy>
                  </rtp_cluster>
                </rtp_cluster_config>
                """);
        List<ClusterSpec> clusters = RtpClusterXml.read(f);
        assertEquals(1, clusters.size());
        ClusterSpec c = clusters.get(0);
        assertEquals("Supercluster#1", c.name());
        assertEquals(List.of("udp:127.0.0.1:32324"), c.control());
        assertEquals(List.of("RTPPROXY1", "RTPPROXY2"), c.relays().stream().map(RelaySpec::name).toList());
        assertEquals(2500, c.relays().get(0).capacity());
        assertEquals(50, c.relays().get(1).weight());
        assertEquals(List.of("RTPPROXY2"), c.suspended());
    }

    @Test void relaySpecsParseTheAdminSyntaxAndSayWhatIsWrong() {
        RelaySpec r = RelaySpec.parse("name=another_proxy,protocol=udp,address=1.2.3.4:567,capacity=120,weight=300");
        assertEquals("another_proxy", r.name());
        assertEquals(567, r.address().getPort());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RelaySpec.parse("name=x,address=1.2.3.4:5,capacity=0,weight=1")).getMessage().contains("capacity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RelaySpec.parse("name=x,address=1.2.3.4:5")).getMessage().contains("missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RelaySpec.parse("name=x,protocol=tcp,address=1.2.3.4:5,capacity=1,weight=1")).getMessage().contains("udp"));
    }
}
