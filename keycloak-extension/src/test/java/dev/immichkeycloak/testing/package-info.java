/**
 * The real-Keycloak test fixture, shared by every module through keycloak-extension's test-jar.
 *
 * <p>Use: {@code @ExtendWith(KeycloakExtension.class)} on a {@code *IT} class and take a {@link dev.immichkeycloak.testing.KeycloakServer}
 * as a constructor or method parameter. One Keycloak (realm {@code immich} from {@code realm-export/immich-realm.json}, provider
 * jar installed) serves the whole test JVM and stops when the run ends. It runs in a container when Docker answers, else as a
 * local {@code kc.sh start-dev} process from the distribution that maven-dependency-plugin unpacks once into
 * {@code <repository root>/target/keycloak-<version>}.
 *
 * <p>To drive a relying party of your own through Keycloak's real login page, take its authorization URL to
 * {@link dev.immichkeycloak.testing.KeycloakServer#authorizeRedirect} (one-off) or to a
 * {@link dev.immichkeycloak.testing.KeycloakBrowser} from {@code browser()} (keeps the SSO session cookies, e.g. to follow
 * the end-session redirect afterwards); both return the redirect to the client without exchanging the code.
 *
 * <p>Another module needs, besides {@code jackson-databind}, {@code oauth2-oidc-sdk}, {@code jsoup} and (optional)
 * {@code testcontainers-keycloak} with test scope:
 * <pre>{@code
 * <dependency><groupId>dev.immichkeycloak</groupId><artifactId>keycloak-extension</artifactId><type>test-jar</type><scope>test</scope></dependency>
 * <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId></plugin>
 * <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-failsafe-plugin</artifactId></plugin>
 * }</pre>
 * The root pom's pluginManagement configures the unpack and sets the system properties listed in
 * {@link dev.immichkeycloak.testing.FixtureSettings}.
 */
package dev.immichkeycloak.testing;
