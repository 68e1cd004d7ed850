package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.ImmichClaimsConfig.*;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;

/** The Keycloak protocol mapper that emits Immich's quota, storage label and role claims. */
public class ImmichClaimsMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "oidc-immich-claims-mapper";
    public static final String DISPLAY_TYPE = "Immich claims";

    // Runs after Keycloak's built-in mappers (which use priorities up to 50), so the safe storage label replaces the raw
    // username that the "profile" scope writes to preferred_username.
    static final int PRIORITY = 100;

    private static final String CONTEXT_ATTRIBUTE = "dev.immichkeycloak.claims.";
    private static final Logger LOG = Logger.getLogger(ImmichClaimsMapper.class);
    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = buildConfigProperties();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return DISPLAY_TYPE;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds Immich's storage quota (from the user or their groups), a safe storage label and the admin/user role to the tokens.";
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client, ProtocolMapperModel model)
            throws ProtocolMapperConfigException {
        List<String> problems = ImmichClaimsConfig.problems(model.getConfig());
        if (!problems.isEmpty()) {
            String message = String.join(" ", problems);
            // The admin REST API looks the key up in its message bundle and falls back to the message; a null key fails there.
            throw new ProtocolMapperConfigException(message, message);
        }
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession, KeycloakSession session,
                            ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        if (user == null) {
            return;
        }
        TokenClaims claims = claimsOnce(model, userSession, user, clientSessionCtx);
        ImmichClaimsConfig config = claims.config();
        claims.quota().ifPresent(quota -> writeClaim(token, model, config.quotaClaimName(), quota.claimValue()));
        claims.label().ifPresent(label -> writeClaim(token, model, config.labelClaimName(), label));
        claims.role().ifPresent(role -> writeClaim(token, model, config.roleClaimName(), role));
    }

    /**
     * The claims for this user, worked out once per token request: the access token, the ID token and the userinfo of one request
     * share the client session context, and with it the claims (kept as a context attribute under the mapper's id).
     */
    private static TokenClaims claimsOnce(ProtocolMapperModel model, UserSessionModel userSession, UserModel user,
                                          ClientSessionContext clientSessionCtx) {
        String key = clientSessionCtx == null || model.getId() == null ? null : CONTEXT_ATTRIBUTE + model.getId();
        ClaimsOfUser known = key == null ? null : clientSessionCtx.getAttribute(key, ClaimsOfUser.class);
        if (known != null && Objects.equals(known.userId(), user.getId())) {
            return known.claims();
        }
        TokenClaims claims = claimsFor(ImmichClaimsConfig.from(model.getConfig()), userSession.getRealm(), user);
        if (key != null) {
            clientSessionCtx.setAttribute(key, new ClaimsOfUser(user.getId(), claims));
        }
        return claims;
    }

    /** The claims kept for a token request, with the user they are for. */
    private record ClaimsOfUser(String userId, TokenClaims claims) {
    }

    private static TokenClaims claimsFor(ImmichClaimsConfig config, RealmModel realm, UserModel user) {
        Optional<TokenClaims> fast = new TokenClaimsResolver(config).resolve(realm, user);
        if (fast.isPresent()) {
            return fast.get();
        }
        // An invalid quota value somewhere: the explaining resolver names each place, for the log, and gives the same values.
        ResolvedClaims claims = new ImmichClaimsResolver(config).resolve(realm, user);
        claims.quota().ifPresent(quota -> {
            for (String source : quota.ignored()) {
                LOG.warnf("Ignoring an invalid quota in attribute '%s' (%s) of user %s; see the mapper's accepted formats",
                        config.quotaAttribute(), source, user.getId());
            }
        });
        return TokenClaims.of(config, claims);
    }

    /** Writes one claim the way Keycloak's own mappers do (dotted names nest); a null value becomes JSON null. */
    private static void writeClaim(IDToken token, ProtocolMapperModel model, String claimName, Object value) {
        ProtocolMapperModel claimModel = new ProtocolMapperModel();
        claimModel.setName(model.getName());
        claimModel.setProtocolMapper(PROVIDER_ID);
        claimModel.setConfig(Map.of(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, claimName));
        // Immich reads a null quota as "unlimited", but mapClaim skips Java nulls and Keycloak's token serializer drops null
        // claims; a Jackson NullNode survives both and is written as JSON null.
        OIDCAttributeMapperHelper.mapClaim(token, claimModel, value == null ? NullNode.getInstance() : value);
    }

    /** A mapper model with the given settings, added to the ID token, access token, userinfo and introspection. */
    public static ProtocolMapperModel create(String name, Map<String, String> settings) {
        Map<String, String> config = new HashMap<>();
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true");
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true");
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true");
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true");
        config.putAll(settings);
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName(name);
        model.setProtocolMapper(PROVIDER_ID);
        model.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        model.setConfig(config);
        return model;
    }

    private static List<ProviderConfigProperty> buildConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(QUOTA_CLAIM_ENABLED).label("Quota claim")
                .helpText("Emit the storage quota claim (GiB as a JSON number, JSON null for unlimited).")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(QUOTA_CLAIM_NAME).label("Quota claim name")
                .helpText("Name of the quota claim; Immich reads 'immich_quota' by default. Dots nest the claim.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_QUOTA_CLAIM_NAME).add()
                .property().name(QUOTA_ATTRIBUTE).label("Quota attribute")
                .helpText("User and group attribute holding the quota: " + Quota.FORMATS
                        + ". The user's own value wins over group values.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_QUOTA_ATTRIBUTE).add()
                .property().name(QUOTA_POLICY).label("Group quota policy")
                .helpText("How quotas of several groups (and their parent groups) combine: 'max' takes the largest, where unlimited "
                        + "beats any number; 'min' takes the smallest, where any number beats unlimited.")
                .type(ProviderConfigProperty.LIST_TYPE).options(QuotaPolicy.MAX.configValue(), QuotaPolicy.MIN.configValue())
                .defaultValue(DEFAULT_QUOTA_POLICY.configValue()).add()
                .property().name(QUOTA_DEFAULT).label("Default quota")
                .helpText("Quota for users without a value on themselves or their groups, in the same formats as the attribute. "
                        + "Leave empty to emit no quota claim for them.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("").add()
                .property().name(LABEL_CLAIM_ENABLED).label("Storage label claim")
                .helpText("Emit the storage label claim: lower case, only a-z, 0-9, '_' and '-', at most 64 characters.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(LABEL_CLAIM_NAME).label("Storage label claim name")
                .helpText("Name of the storage label claim; Immich reads 'preferred_username' by default.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_LABEL_CLAIM_NAME).add()
                .property().name(LABEL_ATTRIBUTE).label("Storage label attribute")
                .helpText("User attribute the storage label is made from; leave empty to use the username.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("").add()
                .property().name(ROLE_CLAIM_ENABLED).label("Role claim")
                .helpText("Emit the role claim: 'admin' for members of the admin group or holders of the admin role, else 'user'.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(ROLE_CLAIM_NAME).label("Role claim name")
                .helpText("Name of the role claim; Immich reads 'immich_role' by default.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_ROLE_CLAIM_NAME).add()
                .property().name(ROLE_ADMIN_GROUP).label("Admin group")
                .helpText("Full path, e.g. /immich-admins; members of its subgroups count too. Members of this group are Immich "
                        + "admins; a group of the same name elsewhere in the tree (such as /family/immich-admins) is not. "
                        + "Empty turns the group check off.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_ADMIN_GROUP).add()
                .property().name(ROLE_ADMIN_ROLE).label("Admin realm role")
                .helpText("Users with this realm role (directly, through a composite role or a group) are Immich admins. "
                        + "Empty turns the role check off.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_ADMIN_ROLE).add()
                .build());
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, ImmichClaimsMapper.class);
        return List.copyOf(properties);
    }
}
