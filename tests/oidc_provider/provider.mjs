// A real OpenID provider for the single sign-on tests: the certified `oidc-provider` package with its built-in
// sign-in form (devInteractions), on loopback. Whatever is typed as the login becomes the account id and its
// email; the password is not checked. Started by tests/oidc_provider_fixture.py:
//
//   node provider.mjs --port 4000 --issuer http://127.0.0.1:4000 --client-id app --client-secret s \
//     --redirect-uri http://localhost/staff/sso/callback [--redirect-uri …] [--accounts accounts.json]
//
// Every account's email is verified and it signed in with a second factor (amr ["pwd", "mfa"]) unless the
// accounts file, read at every sign-in, says otherwise for that login, e.g.
//   {"someone@example.org": {"email_verified": false, "amr": ["pwd"], "email": null}}
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    issuer: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    accounts: { type: 'string' },
  },
});
for (const name of ['port', 'issuer', 'client-id', 'client-secret', 'redirect-uri']) {
  if (!options[name]) {
    console.error(`provider.mjs: --${name} is required`);
    process.exit(2);
  }
}

const DEFAULTS = { email_verified: true, amr: ['pwd', 'mfa'] };

// How the account signed in with `login` looks this time: the defaults and what the accounts file says.
function account(login) {
  let overrides = {};
  if (options.accounts) {
    try {
      overrides = JSON.parse(readFileSync(options.accounts, 'utf8'))[login] ?? {};
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
  return { email: login, ...DEFAULTS, ...overrides };
}

const clientId = options['client-id'];
const provider = new Provider(options.issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: options['client-secret'],
      redirect_uris: options['redirect-uri'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  scopes: ['openid', 'email', 'profile'],
  // `amr` with the openid scope, so every ID token says how the person signed in.
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
  // The claims of the granted scopes go in the ID token, as Entra ID puts the email there.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-only-cookie-key'] },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        const { email, email_verified: emailVerified } = account(sub);
        return { sub, name: sub, ...(email === null ? {} : { email }), email_verified: emailVerified };
      },
    };
  },
  // The app is the council's own: no consent page, as a tenant administrator's consent gives.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

// The ID token's `amr` comes from how the person signed in (the session), not from their claims; the built-in
// sign-in form records none, so its login step is finished here, with the account's `amr`.
provider.use(async (ctx, next) => {
  const match = ctx.method === 'POST' && ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) return next();
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const body = new URLSearchParams(Buffer.concat(chunks).toString());
  if (body.get('prompt') !== 'login') {
    ctx.throw(400, 'only the login prompt is expected');
  }
  const login = body.get('login');
  const { amr } = account(login);
  await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: login, amr } }, {
    mergeWithLastSubmission: false,
  });
  ctx.respond = false; // interactionFinished has sent the redirect
});

provider.listen(Number(options.port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${options.issuer}`);
});
