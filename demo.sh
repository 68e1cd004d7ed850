#!/usr/bin/env bash
# One-command demo: Keycloak 26.7.4 with the Immich claims mapper, the bundled realm and demo users, plus the adapter on
# http://localhost:2283, already configured for OAuth. Ctrl-C stops both; state lives in ./data/demo and survives restarts.
set -euo pipefail
cd "$(dirname "$0")"

KC_VERSION=26.7.4
DEMO_HOME=${DEMO_HOME:-$PWD/data/demo}
KC_PORT=${KC_PORT:-8180}
KC_MGMT_PORT=${KC_MGMT_PORT:-9180}
IMMICH_PORT=${IMMICH_PORT:-2283}
PUBLIC_URL="http://localhost:$IMMICH_PORT"
KC_URL="http://localhost:$KC_PORT"
KC_HOME="$DEMO_HOME/keycloak-$KC_VERSION"
DEV_SECRET=immich-dev-secret-change-me      # the realm's documented development default
# The client secret: IMMICH_OIDC_SECRET when set. Keycloak takes it at the realm's first import into $DEMO_HOME only.
CLIENT_SECRET=${IMMICH_OIDC_SECRET:-$DEV_SECRET}
ADMIN_EMAIL=admin@example.com
ADMIN_PASSWORD=demo-admin
EXT_JAR=keycloak-extension/target/keycloak-extension.jar
ADAPTER_JAR=server-adapter/target/server-adapter.jar

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'demo: %s\n' "$*" >&2; exit 1; }
for tool in java mvn curl tar cmp; do command -v "$tool" >/dev/null || fail "'$tool' is required"; done

pids=()
stop_all() {
  if [ ${#pids[@]} -gt 0 ]; then
    say "Stopping the adapter and Keycloak"
    for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
  fi
}
trap 'exit 130' INT TERM
trap stop_all EXIT

# 1. Build what is missing or older than its sources.
stale() { [ ! -f "$1" ] || [ -n "$(find "$2" pom.xml -newer "$1" -type f -print -quit)" ]; }
if stale "$EXT_JAR" keycloak-extension/src || stale "$ADAPTER_JAR" server-adapter/src; then
  say "Building the extension and the adapter (mvn package, tests skipped)"
  mvn -B -q -DskipTests -DskipKeycloak=true package -pl keycloak-extension,server-adapter -am
fi

# 2. Keycloak from Maven Central, unpacked once.
mkdir -p "$DEMO_HOME"
if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  say "Downloading Keycloak $KC_VERSION from Maven Central (about 175 MB, once)"
  mvn -ntp -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz" -DoutputDirectory="$DEMO_HOME" \
    | grep -E 'Copying|BUILD|ERROR' || true
  say "Unpacking Keycloak"
  tar -xzf "$DEMO_HOME/keycloak-quarkus-dist-$KC_VERSION.tar.gz" -C "$DEMO_HOME"
  rm -f "$DEMO_HOME/keycloak-quarkus-dist-$KC_VERSION.tar.gz"
fi

# 3. The extension (copied only when it changed: a new file makes Keycloak rebuild itself, ~20 s) and the realm.
cmp -s "$EXT_JAR" "$KC_HOME/providers/keycloak-extension.jar" || cp "$EXT_JAR" "$KC_HOME/providers/keycloak-extension.jar"
mkdir -p "$KC_HOME/data/import"
cmp -s realm-export/immich-realm.json "$KC_HOME/data/import/immich-realm.json" || cp realm-export/immich-realm.json "$KC_HOME/data/import/"

# 4. Start Keycloak and wait until the immich realm answers.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$KC_PORT" && fail "port $KC_PORT is in use (set KC_PORT)"
port_busy "$IMMICH_PORT" && fail "port $IMMICH_PORT is in use (set IMMICH_PORT)"
say "Starting Keycloak on $KC_URL (log: $DEMO_HOME/keycloak.log)"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin IMMICH_PUBLIC_URL="$PUBLIC_URL" IMMICH_OIDC_SECRET="$CLIENT_SECRET" \
  "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --hostname="$KC_URL" --http-port="$KC_PORT" \
  --http-management-port="$KC_MGMT_PORT" --health-enabled=true --import-realm >"$DEMO_HOME/keycloak.log" 2>&1 &
pids+=($!)
wait_for() { # url, what, seconds
  local start=$SECONDS
  until curl -fs -o /dev/null "$1"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { tail -n 30 "$DEMO_HOME/$2.log" >&2; fail "$2 stopped; see $DEMO_HOME/$2.log"; }
    [ $((SECONDS - start)) -lt "$3" ] || fail "$2 did not start within $3 s; see $DEMO_HOME/$2.log"
    printf '.'; sleep 1
  done
  printf ' ready after %d s\n' $((SECONDS - start))
}
wait_for "$KC_URL/realms/immich/.well-known/openid-configuration" keycloak 300

# 5. Demo users (a partial import that skips what exists, so a second run keeps everything).
kc_token=$(curl -fs -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "$KC_URL/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
curl -fs -o /dev/null -H "Authorization: Bearer $kc_token" -H 'Content-Type: application/json' \
  --data @realm-export/demo-users.json "$KC_URL/admin/realms/immich/partialImport" || fail "importing the demo users failed"

# 6. Start the adapter and configure OAuth through its own API (as an admin would in the settings page).
say "Starting the adapter on $PUBLIC_URL (log: $DEMO_HOME/adapter.log)"
IMMICH_PORT="$IMMICH_PORT" IMMICH_HOST=127.0.0.1 IMMICH_DATA="$DEMO_HOME/adapter" IMMICH_PUBLIC_URL="$PUBLIC_URL" \
  java -jar "$ADAPTER_JAR" >"$DEMO_HOME/adapter.log" 2>&1 &
pids+=($!)
wait_for "$PUBLIC_URL/api/server/config" adapter 120

jar="$DEMO_HOME/.admin-cookies"
api() { curl -fs -b "$jar" -c "$jar" -H 'Content-Type: application/json' "$@"; }
if ! curl -fs "$PUBLIC_URL/api/server/config" | grep -q '"isInitialized":true'; then
  api -o /dev/null -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\",\"name\":\"Demo Admin\"}" "$PUBLIC_URL/api/auth/admin-sign-up"
fi
if api -o /dev/null -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$PUBLIC_URL/api/auth/login"; then
  api -o /dev/null -X PUT "$PUBLIC_URL/api/system-config" --data @- <<EOF || fail "configuring OAuth failed; see $DEMO_HOME/adapter.log"
{
  "oauth": {
    "enabled": true, "issuerUrl": "$KC_URL/realms/immich", "clientId": "immich", "clientSecret": "$CLIENT_SECRET",
    "scope": "openid email profile", "prompt": "", "tokenEndpointAuthMethod": "client_secret_post", "timeout": 30000,
    "allowInsecureRequests": true, "signingAlgorithm": "RS256", "profileSigningAlgorithm": "none",
    "storageLabelClaim": "preferred_username", "storageQuotaClaim": "immich_quota", "roleClaim": "immich_role",
    "defaultStorageQuota": 0, "buttonText": "Login with Keycloak", "autoRegister": true, "autoLaunch": false,
    "mobileOverrideEnabled": true, "mobileRedirectUri": "$PUBLIC_URL/api/oauth/mobile-redirect", "endSessionEndpoint": "",
    "syncClaimsOnLogin": true
  },
  "passwordLogin": { "enabled": true }
}
EOF
else
  echo "demo: the admin password was changed, so the OAuth settings were left as they are"
fi
rm -f "$jar"

cat <<EOF

  Open $PUBLIC_URL/auth/login and press "Login with Keycloak".

  Keycloak users (realm immich)          what the Immich claims mapper gives them
    alice / alice-demo                   quota 250 GiB from her own attribute (beats her group /family)
    bob   / bob-demo                     quota 100 GiB: the larger of his groups /family (100) and /friends (50)
    carol / carol-demo                   admin through the group /immich-admins; unlimited quota
    dave  / dave-demo                    no quota anywhere: unlimited, plain user
    erin  / erin-demo                    admin through the realm role immich-admin; quota 50 GiB from /friends

  Adapter admin (password login):        $ADMIN_EMAIL / $ADMIN_PASSWORD  ->  $PUBLIC_URL/admin/system-settings
  Keycloak admin console:                $KC_URL/admin  (admin / admin)

  Press Ctrl-C to stop. Users and settings are kept in $DEMO_HOME.
EOF
if [ "$CLIENT_SECRET" = "$DEV_SECRET" ]; then
  printf '\n  \033[1mWARNING: the development client secret is in use; set IMMICH_OIDC_SECRET=<random secret, e.g. from openssl rand -hex 32> for anything but a local demo\033[0m\n\n'
fi
wait -n "${pids[@]}" || true
fail "a process stopped unexpectedly; see $DEMO_HOME/keycloak.log and $DEMO_HOME/adapter.log"
