package com.rayo.gateway.admin;

/** An admin request that cannot be done as asked; the message says what is wrong. Nothing was changed. */
public final class AdminException extends IllegalArgumentException {
    public AdminException(String message) { super(message); }
}
