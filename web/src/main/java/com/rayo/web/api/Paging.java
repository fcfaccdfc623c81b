package com.rayo.web.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ?page=1&limit=50} (1-based, limit 1–1000): one page of a list, with the total and whether more follow. */
record Paging(int page, int limit) {
    static final int MAX_LIMIT = 1000;

    static Paging of(String page, String limit) {
        return new Paging(number(page, "page", 1, Integer.MAX_VALUE, 1), number(limit, "limit", 1, MAX_LIMIT, 50));
    }

    private static int number(String value, String name, int min, int max, int dflt) {
        if (value == null) return dflt;
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw Problem.badRequest(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'", name);
    }

    <T> Map<String, Object> page(List<T> all) {
        int from = (int) Math.min(all.size(), (long) (page - 1) * limit);
        int to = Math.min(all.size(), from + limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", all.subList(from, to));
        out.put("page", page);
        out.put("limit", limit);
        out.put("total", all.size());
        out.put("more", to < all.size());
        return out;
    }
}
