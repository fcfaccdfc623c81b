package com.rayo.gateway.admin;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CachedTest {
    @Test void recomputesAtMostOncePerPeriod() {
        AtomicLong now = new AtomicLong(0);
        AtomicInteger computed = new AtomicInteger();
        Cached<Integer> c = new Cached<>(computed::incrementAndGet, 1000, now::get);
        assertEquals(1, c.get());
        now.addAndGet(999_000_000L);
        assertEquals(1, c.get(), "within the period: the same value, no new scan");
        now.addAndGet(1_000_000L);
        assertEquals(2, c.get(), "after it: computed again");
        assertEquals(2, computed.get());
    }
}
