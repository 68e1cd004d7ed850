package dev.immichkeycloak.adapter.web;

/**
 * One failed OAuth request as the admin page shows it: when, which route, our reason code, the status and public message the
 * client got, and the correlation id that finds the detailed log line. Never a token, code, secret or claim.
 */
public record RecentOAuthFailure(String time, String route, String reason, int status, String message, String correlationId) {
}
