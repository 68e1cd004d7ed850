package dev.immichkeycloak.keycloak;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;

/**
 * Finds the Immich claims mapper a realm uses: first in the client scope {@code immich}, then in the other client scopes by name,
 * then in the clients by client id. The explainer uses its settings, or the defaults when the realm has none.
 */
public final class MapperConfigLocator {

    public static final String PREFERRED_CLIENT_SCOPE = "immich";

    private MapperConfigLocator() {
    }

    /** The mapper and where it was found (e.g. {@code client scope immich}). */
    public record Located(ProtocolMapperModel mapper, String where) {
    }

    public static Optional<Located> locate(RealmModel realm) {
        Comparator<ClientScopeModel> preferredFirst = Comparator
                .comparing((ClientScopeModel scope) -> !PREFERRED_CLIENT_SCOPE.equals(scope.getName()))
                .thenComparing(scope -> Objects.toString(scope.getName(), ""));
        Optional<Located> inScopes = realm.getClientScopesStream()
                .sorted(preferredFirst)
                .flatMap(scope -> ours(scope).limit(1).map(m -> new Located(m, "client scope " + scope.getName())))
                .findFirst();
        if (inScopes.isPresent()) {
            return inScopes;
        }
        return realm.getClientsStream()
                .sorted(Comparator.comparing((ClientModel client) -> Objects.toString(client.getClientId(), "")))
                .flatMap(client -> ours(client).limit(1).map(m -> new Located(m, "client " + client.getClientId())))
                .findFirst();
    }

    private static Stream<ProtocolMapperModel> ours(ProtocolMapperContainerModel container) {
        return container.getProtocolMappersStream()
                .filter(mapper -> ImmichClaimsMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()))
                .sorted(Comparator.comparing(mapper -> Objects.toString(mapper.getName(), "")));
    }
}
