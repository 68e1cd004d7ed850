// A real OpenID provider (node oidc-provider) for the server-adapter tests, on 127.0.0.1 only.
//
//   node provider.mjs --config config.json [--port 0]
//
// config.json: {"clients": [{client_id, client_secret, redirect_uris, token_endpoint_auth_method,
//   id_token_signed_response_alg, userinfo_signed_response_alg?}], "account": {sub, email, ...}}
//
// When it listens it prints one line on stdout: {"ready":true,"port":N,"issuer":"http://127.0.0.1:N"}.
// Logins need no form: GET /interaction/<uid> logs the configured account in and grants what the client asked for.
// POST /test/rotate swaps every signing key for a new one under the same kid (a key rotated in place) and answers
// {"before": <public JWKS>, "after": <public JWKS>}. GET /test/counts answers how often each "METHOD /path" was requested.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    config: { type: 'string' },
    port: { type: 'string', default: '0' },
  },
});
if (!args.config) {
  console.error('usage: node provider.mjs --config config.json [--port 0]');
  process.exit(2);
}
const config = JSON.parse(readFileSync(args.config, 'utf8'));
const account = config.account;

const ID_TOKEN_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA', 'HS256', 'HS384', 'HS512'];
const USERINFO_ALGS = ID_TOKEN_ALGS;

/** One signing key per family, each under a fixed kid, so that a rotation can keep the kid and change the key. */
function signingKeys() {
  const jwk = (pair, kid, alg) => ({ ...pair.privateKey.export({ format: 'jwk' }), kid, use: 'sig', ...(alg ? { alg } : {}) });
  return {
    keys: [
      // No alg: the one RSA key serves RS256/384/512 and PS256/384/512.
      jwk(generateKeyPairSync('rsa', { modulusLength: 2048 }), 'rsa'),
      jwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'p256', 'ES256'),
      jwk(generateKeyPairSync('ec', { namedCurve: 'P-384' }), 'p384', 'ES384'),
      jwk(generateKeyPairSync('ed25519'), 'ed25519', 'EdDSA'),
    ],
  };
}

/** The public half of a private JWK set. */
function publicKeys({ keys }) {
  const privateMembers = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi']);
  return { keys: keys.map((key) => Object.fromEntries(Object.entries(key).filter(([name]) => !privateMembers.has(name)))) };
}

const claims = {
  sub: account.sub,
  email: account.email,
  email_verified: account.email_verified,
  name: account.name,
  preferred_username: account.preferred_username,
  immich_quota: account.immich_quota,
};

const cookieKeys = [randomUUID()];

function newProvider(issuer, jwks) {
  const provider = new Provider(issuer, {
    clients: config.clients.map((client) => ({
      application_type: 'native', // allows the app.immich:/// scheme next to the https redirect URIs
      grant_types: ['authorization_code'],
      response_types: ['code'],
      ...client,
    })),
    jwks,
    findAccount: async (ctx, sub) => (sub === account.sub ? { accountId: sub, claims: async () => ({ ...claims }) } : undefined),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'immich_quota'],
    },
    cookies: { keys: cookieKeys },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
    },
    enabledJWA: {
      idTokenSigningAlgValues: ID_TOKEN_ALGS,
      userinfoSigningAlgValues: USERINFO_ALGS,
    },
    // PKCE is optional for confidential clients (S256 only); RFC 9207 iss is always on in oidc-provider 9.
    pkce: { required: () => false },
  });
  provider.on('server_error', (ctx, err) => console.log(`server_error ${ctx.method} ${ctx.path}: ${err.stack}`));
  return provider;
}

/** The test user logs in and grants whatever the client asked for, without a form. */
async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params } = details;
  if (prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) {
    grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  }
  if (prompt.details.missingOIDCClaims) {
    grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  }
  for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  const consent = details.grantId ? {} : { grantId };
  await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
}

const server = createServer();
server.listen(Number(args.port), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  let jwks = signingKeys();
  let provider = newProvider(issuer, jwks);
  let callback = provider.callback();

  const counts = {};
  server.on('request', (req, res) => {
    const request = `${req.method} ${req.url.split('?')[0]}`;
    counts[request] = (counts[request] ?? 0) + 1;
    res.on('finish', () => console.log(`${request} ${res.statusCode}`));
    if (req.method === 'GET' && req.url === '/test/counts') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counts));
    } else if (req.method === 'POST' && req.url === '/test/rotate') {
      const before = publicKeys(jwks);
      jwks = signingKeys();
      provider = newProvider(issuer, jwks);
      callback = provider.callback();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ before, after: publicKeys(jwks) }));
    } else if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((err) => {
        console.log(`interaction failed: ${err.stack}`);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('interaction failed');
      });
    } else {
      callback(req, res);
    }
  });
  console.log(JSON.stringify({ ready: true, port, issuer }));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
