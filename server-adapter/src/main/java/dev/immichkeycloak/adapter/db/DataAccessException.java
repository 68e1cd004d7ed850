package dev.immichkeycloak.adapter.db;

import java.sql.SQLException;

/** An unexpected database failure (the 500 path); expected conflicts have their own exceptions. */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String message, SQLException cause) {
        super(message, cause);
    }
}
