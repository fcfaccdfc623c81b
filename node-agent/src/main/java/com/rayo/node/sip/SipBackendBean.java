package com.rayo.node.sip;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers a SIP backend's {@link SipBackendMXBean} under its stack name, and takes it away. */
final class SipBackendBean {
    private static final Logger log = LoggerFactory.getLogger(SipBackendBean.class);

    private SipBackendBean() {}

    private static ObjectName name(String stackName) throws JMException {
        return new ObjectName("com.rayo.node:Type=SipBackend,name=" + ObjectName.quote(stackName));
    }

    static void register(String stackName, SipBackendMXBean view) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(view, SipBackendMXBean.class, true), name(stackName));
        } catch (JMException e) {
            log.info("event=mbean-not-registered reason=\"{}\"", e.toString()); // a second backend of the same name in one JVM (tests)
        }
    }

    static void unregister(String stackName) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name(stackName));
        } catch (JMException ignored) {
            // not registered
        }
    }
}
