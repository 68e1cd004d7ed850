package dev.immichkeycloak.keycloak;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;

/**
 * Finds the Immich claims mapper a realm uses: first in the client scope {@code immich} (what the README has admins create in an
 * existing realm), then on the client {@code immich} (where the bundled realm puts it), then in the other client scopes by name,
 * then on the other clients by client id. The explainer uses its settings, or the defaults when the realm has none.
 */
public final class MapperConfigLocator {

    /** The preferred client scope and client: both are called {@code immich}. */
    public static final String PREFERRED_NAME = "immich";

    private MapperConfigLocator() {
    }

    /** The mapper and where it was found (e.g. {@code client scope immich}, {@code client immich}). */
    public record Located(ProtocolMapperModel mapper, String where) {
    }

    public static Optional<Located> locate(RealmModel realm) {
        // Suppliers, so that the clients are read only when no client scope called immich has the mapper.
        return Stream.<Supplier<Stream<Located>>>of(
                        () -> scopes(realm).filter(scope -> PREFERRED_NAME.equals(scope.getName())).flatMap(MapperConfigLocator::inScope),
                        () -> clients(realm).filter(client -> PREFERRED_NAME.equals(client.getClientId()))
                                .flatMap(MapperConfigLocator::onClient),
                        () -> scopes(realm).filter(scope -> !PREFERRED_NAME.equals(scope.getName())).flatMap(MapperConfigLocator::inScope),
                        () -> clients(realm).filter(client -> !PREFERRED_NAME.equals(client.getClientId()))
                                .flatMap(MapperConfigLocator::onClient))
                .flatMap(Supplier::get)
                .findFirst();
    }

    private static Stream<ClientScopeModel> scopes(RealmModel realm) {
        return realm.getClientScopesStream().sorted(Comparator.comparing(scope -> Objects.toString(scope.getName(), "")));
    }

    private static Stream<ClientModel> clients(RealmModel realm) {
        return realm.getClientsStream().sorted(Comparator.comparing(client -> Objects.toString(client.getClientId(), "")));
    }

    private static Stream<Located> inScope(ClientScopeModel scope) {
        return ours(scope).limit(1).map(mapper -> new Located(mapper, "client scope " + scope.getName()));
    }

    private static Stream<Located> onClient(ClientModel client) {
        return ours(client).limit(1).map(mapper -> new Located(mapper, "client " + client.getClientId()));
    }

    private static Stream<ProtocolMapperModel> ours(ProtocolMapperContainerModel container) {
        return container.getProtocolMappersStream()
                .filter(mapper -> ImmichClaimsMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()))
                .sorted(Comparator.comparing(mapper -> Objects.toString(mapper.getName(), "")));
    }
}
