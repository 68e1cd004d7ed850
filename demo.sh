#!/usr/bin/env bash
# One-command demo: Keycloak 26.7.4 with the Immich claims mapper, the bundled realm and demo users, plus the adapter on
# http://localhost:2283 (also reachable as http://127.0.0.1:2283), configured for OAuth on its first start. Ctrl-C stops both;
# state lives in ./data/demo and survives restarts: later starts leave every adapter setting as the admin left it.
#
# Environment: DEMO_HOME (state folder, ./data/demo), IMMICH_PORT (2283), KC_PORT (8180), KC_MGMT_PORT (9180),
# IMMICH_OIDC_SECRET (the client secret at the first start), DEMO_SKIP_BUILD=true (use the jars as they are, never run mvn package).
set -euo pipefail
cd "$(dirname "$0")"

KC_VERSION=26.7.4
DEMO_HOME=${DEMO_HOME:-$PWD/data/demo}
KC_PORT=${KC_PORT:-8180}
KC_MGMT_PORT=${KC_MGMT_PORT:-9180}
IMMICH_PORT=${IMMICH_PORT:-2283}
PUBLIC_URL="http://localhost:$IMMICH_PORT"
# The same adapter under 127.0.0.1: accepted by the adapter (IMMICH_ALLOWED_ORIGINS) and registered at Keycloak (step 5).
OTHER_URL="http://127.0.0.1:$IMMICH_PORT"
KC_URL="http://localhost:$KC_PORT"
KC_HOME="$DEMO_HOME/keycloak-$KC_VERSION"
DEV_SECRET=immich-dev-secret-change-me      # the realm's documented development default
# The client secret: IMMICH_OIDC_SECRET when set. Keycloak takes it at the realm's first import into $DEMO_HOME only.
CLIENT_SECRET=${IMMICH_OIDC_SECRET:-$DEV_SECRET}
ADMIN_EMAIL=admin@example.com
ADMIN_PASSWORD=demo-admin
EXT_JAR=keycloak-extension/target/keycloak-extension.jar
ADAPTER_JAR=server-adapter/target/server-adapter.jar
# Written by mvn package next to the jar: the adapter's classes, already parsed and verified (half the start-up time). A JVM that
# cannot use it (another jar, another JDK, no such file) starts without it, only slower.
ADAPTER_CDS=server-adapter/target/server-adapter.jsa

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

# 1. Build what is missing or older than its sources (a changed test does not count).
# The stamp marks the last build: touching the jars instead would break the adapter's class-data-sharing archive, which
# belongs to the jar exactly as Maven wrote it (path, size and time).
BUILD_STAMP=server-adapter/target/.demo-build
stale() { [ ! -f "$1" ] || [ ! -f "$BUILD_STAMP" ] || [ -n "$(find "$2/src/main" "$2/pom.xml" pom.xml -newer "$BUILD_STAMP" -type f -print -quit)" ]; }
if [ "${DEMO_SKIP_BUILD:-false}" = true ]; then
  [ -f "$EXT_JAR" ] && [ -f "$ADAPTER_JAR" ] || fail "DEMO_SKIP_BUILD=true, but $EXT_JAR or $ADAPTER_JAR is missing"
elif stale "$EXT_JAR" keycloak-extension || stale "$ADAPTER_JAR" server-adapter; then
  say "Building the extension and the adapter (mvn package, tests skipped; the first build also downloads the libraries)"
  mvn -B -q -DskipTests -DskipKeycloak=true package -pl keycloak-extension,server-adapter -am
  touch "$BUILD_STAMP"   # Maven leaves an unchanged jar's time alone: without the stamp every start would build again
fi

# 2. Keycloak from Maven Central (cached in ~/.m2), unpacked once.
mkdir -p "$DEMO_HOME"
if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  say "Fetching Keycloak $KC_VERSION (keycloak-quarkus-dist, about 175 MB) from Maven Central into ~/.m2, once"
  # Maven shows its download progress on a terminal (interactive mode); elsewhere it logs the download's start and end.
  mode=-B; [ -t 1 ] && mode=""
  started=$SECONDS
  mvn $mode -N dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz" -DoutputDirectory="$DEMO_HOME" \
    || fail "fetching Keycloak failed (see Maven's output above)"
  say "Unpacking Keycloak into $KC_HOME (fetched in $((SECONDS - started)) s)"
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
port_busy "$KC_MGMT_PORT" && fail "port $KC_MGMT_PORT is in use (set KC_MGMT_PORT)"
# Each start writes fresh logs; the previous run's stay as *.log.1.
for log in keycloak adapter; do [ -f "$DEMO_HOME/$log.log" ] && mv -f "$DEMO_HOME/$log.log" "$DEMO_HOME/$log.log.1"; done
if [ -d "$KC_HOME/data/h2" ]; then
  say "Starting Keycloak on $KC_URL (log: $DEMO_HOME/keycloak.log)"
else
  say "Starting Keycloak on $KC_URL for the first time: it builds itself and imports the realm, about a minute (log: $DEMO_HOME/keycloak.log)"
fi
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

# 5. Demo users (a partial import that skips what exists, so a second run keeps everything), and the redirect URIs of
#    $OTHER_URL: the demo owns those two and adds them when they are missing; it changes nothing else in Keycloak.
kc_token=$(curl -fs -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "$KC_URL/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
kc_api() { curl -fs -H "Authorization: Bearer $kc_token" -H 'Content-Type: application/json' "$@"; }
kc_api -o /dev/null --data @realm-export/demo-users.json "$KC_URL/admin/realms/immich/partialImport" \
  || fail "importing the demo users failed"
alice_id=$(kc_api "$KC_URL/admin/realms/immich/users?username=alice&exact=true" | grep -oE '"id":"[^"]+"' | head -n 1 | cut -d'"' -f4)
client=$(kc_api "$KC_URL/admin/realms/immich/clients?clientId=immich") || fail "reading the client immich failed"
client_uuid=$(printf '%s' "$client" | grep -oE '"id":"[^"]+"' | head -n 1 | cut -d'"' -f4)
# The array of JSON strings (no jq needed): "redirectUris":["…","…"]
redirects=$(printf '%s' "$client" | grep -oE '"redirectUris":\[("([^"\\]|\\.)*"(,"([^"\\]|\\.)*")*)?\]' | head -n 1)
missing=()
for path in /auth/login /user-settings; do
  case "$redirects" in *"\"$OTHER_URL$path\""*) ;; *) missing+=("\"$OTHER_URL$path\"") ;; esac
done
if [ -z "$client_uuid" ] || [ -z "$redirects" ]; then
  echo "demo: could not read the redirect URIs of the client immich; $OTHER_URL may not work for OAuth"
elif [ ${#missing[@]} -gt 0 ]; then
  list=${redirects#*[}; list=${list%]}
  joined=$(IFS=,; echo "${missing[*]}")
  kc_api -o /dev/null -X PUT --data "{\"redirectUris\":[${list:+$list,}$joined]}" "$KC_URL/admin/realms/immich/clients/$client_uuid" \
    || fail "registering the redirect URIs of $OTHER_URL failed"
fi

# 6. Start the adapter and configure OAuth through its own API (as an admin would in the settings page).
say "Starting the adapter on $PUBLIC_URL (log: $DEMO_HOME/adapter.log)"
IMMICH_PORT="$IMMICH_PORT" IMMICH_HOST=127.0.0.1 IMMICH_DATA="$DEMO_HOME/adapter" IMMICH_PUBLIC_URL="$PUBLIC_URL" \
  IMMICH_ALLOWED_ORIGINS="$OTHER_URL" java -XX:SharedArchiveFile="$ADAPTER_CDS" -Xshare:auto -jar "$ADAPTER_JAR" \
  >"$DEMO_HOME/adapter.log" 2>&1 &
pids+=($!)
wait_for "$PUBLIC_URL/api/server/config" adapter 120

jar="$DEMO_HOME/.admin-cookies"
api() { curl -fs -b "$jar" -c "$jar" -H 'Content-Type: application/json' "$@"; }
if ! curl -fs "$PUBLIC_URL/api/server/config" | grep -q '"isInitialized":true'; then
  api -o /dev/null -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\",\"name\":\"Demo Admin\"}" "$PUBLIC_URL/api/auth/admin-sign-up"
fi
# OAuth is configured once, while the adapter has no issuer URL (the first start); later starts keep every setting as it is.
if ! api -o /dev/null -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$PUBLIC_URL/api/auth/login"; then
  echo "demo: the admin password was changed, so the OAuth settings were left as they are"
elif ! settings=$(api "$PUBLIC_URL/api/system-config"); then
  fail "reading the adapter's settings failed; see $DEMO_HOME/adapter.log"
elif ! printf '%s' "$settings" | grep -q '"issuerUrl":""'; then
  issuer=$(printf '%s' "$settings" | grep -oE '"issuerUrl":"[^"]*"' | head -n 1 | cut -d'"' -f4)
  echo "demo: OAuth was configured on the first start; its settings are kept as they are (Administration → Settings)"
  [ "$issuer" = "$KC_URL/realms/immich" ] || echo "demo: note: the issuer URL is $issuer, not this Keycloak's $KC_URL/realms/immich"
else
  say "Configuring OAuth in the adapter (first start only)"
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
fi
rm -f "$jar"

token_command="TOKEN=\$(curl -s -d grant_type=password -d client_id=admin-cli -d username=auditor -d password=auditor-demo \
$KC_URL/realms/immich/protocol/openid-connect/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')"
explain_command="curl -s -H \"Authorization: Bearer \$TOKEN\" $KC_URL/realms/immich/immich-claims/users/${alice_id:-ALICE_ID}; echo"

cat <<EOF

  Open $PUBLIC_URL/auth/login (or $OTHER_URL/auth/login) and press "Login with Keycloak".

  Keycloak users (realm immich)          what the Immich claims mapper gives them
    alice / alice-demo                   quota 250 GiB from her own attribute (beats her group /family)
    bob   / bob-demo                     quota 100 GiB: the larger of his groups /family (100) and /friends (50)
    carol / carol-demo                   admin through the group /immich-admins; unlimited quota
    dave  / dave-demo                    no quota anywhere: unlimited, plain user
    erin  / erin-demo                    admin through the realm role immich-admin; quota 50 GiB from /friends
    auditor / auditor-demo               may view users (realm-management view-users): runs the claims explainer below
  Each of them can also open Keycloak's account console: $KC_URL/realms/immich/account

  Adapter admin (password login):        $ADMIN_EMAIL / $ADMIN_PASSWORD  ->  $PUBLIC_URL/admin/system-settings
  Keycloak admin console:                $KC_URL/admin  (admin / admin)

  Claims explainer: what the mapper puts into alice's tokens, and why (as auditor):
    $token_command
    $explain_command

  Ready after $SECONDS s. Press Ctrl-C to stop. Users and settings are kept in $DEMO_HOME
  (logs: keycloak.log and adapter.log there, the previous run's as *.log.1).
EOF
if [ "$CLIENT_SECRET" = "$DEV_SECRET" ]; then
  printf '\n  \033[1mWARNING: the development client secret is in use; set IMMICH_OIDC_SECRET=<random secret, e.g. from openssl rand -hex 32> for anything but a local demo\033[0m\n\n'
fi
wait -n "${pids[@]}" || true
fail "a process stopped unexpectedly; see $DEMO_HOME/keycloak.log and $DEMO_HOME/adapter.log"
