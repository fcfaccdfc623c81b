package com.rayo.rtp.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sippy rtp_cluster.xml files: what works here loads as it did there, what cannot work is refused saying so. */
class RtpClusterXmlTest {
    @TempDir Path dir;

    Path xml(String relays, String limit) throws Exception {
        Path f = dir.resolve("rtp_cluster.xml");
        Files.writeString(f, "<rtp_cluster_config>\n  <rtp_cluster>\n    <name>Supercluster#1</name>\n    <protocol>unix</protocol>\n"
                + "    <address>/var/run/rtpproxy.sock</address>\n" + limit + relays + "  </rtp_cluster>\n</rtp_cluster_config>\n");
        return f;
    }

    static String relay(String name, String protocol, String address, int weight, int capacity, String status) {
        return "    <rtpproxy><name>" + name + "</name><protocol>" + protocol + "</protocol><address>" + address + "</address><weight>" + weight
                + "</weight><capacity>" + capacity + "</capacity><status>" + status + "</status></rtpproxy>\n";
    }

    @Test void theReadmesExampleLoadsWithABackupRelayOfWeightZero() throws Exception {
        List<ClusterSpec> c = RtpClusterXml.read(xml(relay("RTPPROXY1", "udp", "127.0.0.1:22222", 100, 2500, "active")
                + relay("RTPPROXY2", "udp", "127.0.0.1:22223", 0, 1500, "suspended"), ""));
        assertEquals(1, c.size());
        assertEquals("unix:/var/run/rtpproxy.sock", c.get(0).control().get(0));
        assertEquals(0, c.get(0).relays().get(1).weight(), "weight 0: a backup");
        assertEquals(List.of("RTPPROXY2"), c.get(0).suspended());
        assertTrue(c.get(0).softCapacity(), "rtp_cluster's default capacity limit is soft");
    }

    @Test void capacityLimitHardOrSoft() throws Exception {
        String r = relay("R1", "udp", "127.0.0.1:22222", 1, 10, "active");
        assertFalse(RtpClusterXml.read(xml(r, "<capacity_limit type=\"hard\"/>")).get(0).softCapacity());
        assertTrue(RtpClusterXml.read(xml(r, "<capacity_limit type=\"soft\"/>")).get(0).softCapacity());
    }

    @Test void whatCannotWorkHereIsRefusedWithTheReason() throws Exception {
        IllegalArgumentException unix = assertThrows(IllegalArgumentException.class,
                () -> RtpClusterXml.read(xml(relay("R1", "unix", "/var/run/rtpproxy1.sock", 1, 10, "active"), "")));
        assertTrue(unix.getMessage().contains("rtpproxy R1 is reached over a unix socket") && unix.getMessage().contains("not supported"), unix.getMessage());
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
                () -> RtpClusterXml.read(xml(relay("R1", "udp", "127.0.0.1:1", -1, 10, "active"), "")));
        assertTrue(weight.getMessage().contains("weight must be >= 0"), weight.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> RtpClusterXml.read(xml(relay("R1", "udp", "127.0.0.1:1", 1, 10, "active").replace("<capacity>10", "<capacity>lots"), "")));
        assertTrue(nan.getMessage().contains("<capacity> must be a whole number"), nan.getMessage());
        IllegalArgumentException wan = assertThrows(IllegalArgumentException.class,
                () -> RtpClusterXml.read(xml(relay("R1", "udp", "127.0.0.1:1", 1, 10, "active").replace("</status>", "</status><wan_address>1.2.3.4</wan_address>"), "")));
        assertTrue(wan.getMessage().contains("<wan_address>"), wan.getMessage());
    }
}
