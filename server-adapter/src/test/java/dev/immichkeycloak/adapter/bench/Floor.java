package dev.immichkeycloak.adapter.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenClaimsVerifier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The floor of a login callback: what no implementation can skip, measured in the benchmark's JVM on the same kind of
 * database. One ID token verified with the provider's key (Nimbus, RS256, the ID token claim rules), then one transaction:
 * one user upsert (MERGE on (issuer, sub)) and one session insert, committed.
 */
public final class Floor {

    /** Per-op p50s in milliseconds. */
    public record Result(double verifyMillis, double databaseMillis, double totalMillis) {
    }

    private static final String MERGE_USER = """
            MERGE INTO users u USING (VALUES (CAST(? AS VARCHAR(2048)), CAST(? AS VARCHAR(255)))) AS s (iss, sub)
            ON u.oauth_issuer = s.iss AND u.oauth_id = s.sub
            WHEN MATCHED THEN UPDATE SET updated_at = ?
            WHEN NOT MATCHED THEN INSERT (id, email, name, oauth_issuer, oauth_id, avatar_color, profile_changed_at, created_at,
                                          updated_at, email_verified)
                 VALUES (?, ?, ?, s.iss, s.sub, 'primary', ?, ?, ?, TRUE)""";
    private static final String INSERT_SESSION = """
            INSERT INTO sessions (id, token_hash, user_id, device_type, device_os, app_version, auth_type, oauth_sid, id_token,
                                  created_at, updated_at, expires_at)
            VALUES (?, ?, ?, '', '', NULL, 'oauth', ?, ?, ?, ?, ?)""";

    private Floor() {
    }

    /** {@code count} floor logins of {@code count} users (created here first), the p50 of each part. */
    public static Result measure(BenchProvider provider, DataSource dataSource, String prefix, int count) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(new JWKSet(provider.publicKey()))));
        processor.setJWTClaimsSetVerifier(new IDTokenClaimsVerifier(new Issuer(provider.issuer()), new ClientID(BenchProvider.CLIENT_ID),
                new Nonce("floor-nonce"), 60));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < Math.min(count, 50); i++) {
            tokens.add(provider.idToken(prefix + i, "floor-nonce"));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < count; i++) {
                merge(c, provider.issuer(), prefix + i, now);
            }
        }
        List<Long> verify = new ArrayList<>();
        List<Long> database = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            processor.process(SignedJWT.parse(tokens.get(i % tokens.size())), null);
            long t1 = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                merge(c, provider.issuer(), prefix + i, at);
                try (PreparedStatement insert = c.prepareStatement(INSERT_SESSION)) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""));
                    insert.setString(3, idOf(prefix, i));
                    insert.setString(4, "sid");
                    insert.setString(5, tokens.get(i % tokens.size()));
                    insert.setObject(6, at);
                    insert.setObject(7, at);
                    insert.setObject(8, at.plusDays(30));
                    insert.executeUpdate();
                }
                c.commit();
                c.setAutoCommit(true);
            }
            long t2 = System.nanoTime();
            verify.add(t1 - t0);
            database.add(t2 - t1);
            total.add(t2 - t0);
        }
        return new Result(Stats.percentileMillis(verify, 50), Stats.percentileMillis(database, 50), Stats.percentileMillis(total, 50));
    }

    private static String idOf(String prefix, int i) {
        return prefix + "id-" + i;
    }

    private static void merge(Connection c, String issuer, String subject, OffsetDateTime at) throws SQLException {
        String prefix = subject.replaceAll("[0-9]+$", "");
        int i = Integer.parseInt(subject.substring(prefix.length()));
        try (PreparedStatement merge = c.prepareStatement(MERGE_USER)) {
            merge.setString(1, issuer);
            merge.setString(2, subject);
            merge.setObject(3, at);
            merge.setString(4, idOf(prefix, i));
            merge.setString(5, BenchProvider.email(subject));
            merge.setString(6, "Floor " + subject);
            merge.setObject(7, at);
            merge.setObject(8, at);
            merge.setObject(9, at);
            merge.executeUpdate();
        }
    }
}
