// The login page (spec immich-api.md §5): password form, OAuth button, auto launch and the OAuth callback.
import { $, ApiError, api, authorize, busy, el, isCallback, serverMessage, setAlert, show, start } from './app.js';

const LOGIN_URL = '/auth/login?autoLaunch=0';

/** Refusals that mean "this page was opened under an address the server does not accept", not a broken login. */
const WRONG_ADDRESS_REASONS = ['REDIRECT_URI_NOT_ALLOWED', 'CROSS_ORIGIN_REQUEST'];

/** GET /api/server/config, kept for the handlers (its externalDomain is the server's public URL). */
let serverConfig = {};

/** Our own words for the standard error codes of an authorization response; the provider's description is never shown. */
const PROVIDER_ERRORS = {
    access_denied: 'Sign-in was cancelled or access was denied at the identity provider.',
    login_required: 'The identity provider needs you to sign in again.',
    interaction_required: 'The identity provider needs you to sign in again.',
    consent_required: 'The identity provider needs your consent first.',
    account_selection_required: 'The identity provider needs you to choose an account.',
    temporarily_unavailable: 'The identity provider is temporarily unavailable. Try again later.',
    server_error: 'The identity provider had an internal error. Try again later.',
};

function isAutoLaunchDisabled(search) {
    return search.includes('autoLaunch=0') || search.includes('password=1') || search.includes('password=true');
}

function isAutoLaunchEnabled(search) {
    return search.includes('autoLaunch=1');
}

/** Where a password login goes: a same-site path from ?continue=, else /photos. */
function continueUrl() {
    const next = new URLSearchParams(window.location.search).get('continue');
    return next && /^\/(?![/\\])[A-Za-z0-9/_-]*$/.test(next) ? next : '/photos';
}

function setStatus(text) {
    const status = $('status');
    status.textContent = text || '';
    show(status, Boolean(text));
}

function showError(message, detail) {
    setAlert($('error'), message, detail);
}

/** The server's public URL (externalDomain) when it is an http(s) URL on another origin than this page's, else null. */
function publicUrlElsewhere() {
    let url;
    try {
        url = new URL(serverConfig.externalDomain);
    } catch (e) {
        return null;
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin === window.location.origin) {
        return null;
    }
    return url;
}

/**
 * Shows the failure of a login attempt. When the server refused this page's address (the redirect URI or the origin is not
 * one it accepts, e.g. the page was opened at 127.0.0.1 and the public URL is localhost), it names the address to use instead.
 */
function showLoginError(error, fallback, action) {
    const publicUrl = error instanceof ApiError && WRONG_ADDRESS_REASONS.includes(error.reason) ? publicUrlElsewhere() : null;
    if (!publicUrl) {
        showError(serverMessage(error, fallback));
        return;
    }
    const base = publicUrl.href.replace(/\/+$/, '');
    const alert = $('error');
    alert.replaceChildren(
        el('p', { id: 'wrong-address' }, 'Open this server at ', el('a', { href: `${base}/auth/login`, text: base }), ` to ${action}.`),
        el('p', { text: `This address (${window.location.origin}) is not one the server accepts for signing in.` }));
    alert.hidden = false;
}

/** Shows the login methods the server allows. */
function render(features, config) {
    const password = Boolean(features.passwordLogin);
    const oauth = Boolean(features.oauth);
    const button = $('oauth-button');
    show($('password-form'), password);
    if (oauth) {
        button.textContent = config.oauthButtonText || 'Login with OAuth';
        button.className = `btn btn-block ${password ? 'btn-secondary' : 'btn-primary'}`;
    }
    show(button, oauth);
    show($('divider'), password && oauth);
    show($('disabled'), !password && !oauth);
    setStatus(null);
    if (password) {
        $('email').focus();
    }
}

/** The callback failed: the server's message, and for a provider error our explanation of its standard code. */
function callbackError(error) {
    const message = serverMessage(error, 'Unable to complete OAuth login');
    const code = new URLSearchParams(window.location.search).get('error');
    if (!code || !/^[a-z_]{1,64}$/.test(code)) {
        return [message, ''];
    }
    return [message, PROVIDER_ERRORS[code] || `The identity provider reported an error (${code}).`];
}

async function passwordLogin(event) {
    event.preventDefault();
    const email = $('email').value.trim();
    const password = $('password').value;
    if (!email || !password) {
        showError('Enter your email and password.');
        (email ? $('password') : $('email')).focus();
        return;
    }
    showError('');
    await busy($('login-button'), async () => {
        try {
            await api('POST', '/api/auth/login', { email, password });
            window.location.href = continueUrl();
        } catch (error) {
            showLoginError(error, 'Unable to log in', 'sign in');
            $('password').select();
        }
    });
}

async function oauthLogin() {
    showError('');
    await busy($('oauth-button'), async () => {
        try {
            await authorize(window.location.href.split('?')[0]);
        } catch (error) {
            showLoginError(error, 'Unable to login with OAuth', 'sign in with OAuth');
        }
    });
}

async function otherAccountLogin() {
    showError('');
    await busy($('other-account-button'), async () => {
        try {
            await authorize(window.location.href.split('?')[0], 'login');
        } catch (error) {
            showLoginError(error, 'Unable to login with OAuth', 'sign in with OAuth');
        }
    });
}

async function main() {
    $('password-form').addEventListener('submit', passwordLogin);
    $('oauth-button').addEventListener('click', oauthLogin);
    $('other-account-button').addEventListener('click', otherAccountLogin);

    let features;
    let config;
    try {
        [features, config] = await Promise.all([api('GET', '/api/server/features'), api('GET', '/api/server/config')]);
    } catch (error) {
        setStatus(null);
        showError(serverMessage(error, 'The server cannot be reached'));
        return;
    }
    serverConfig = config;
    if (!config.isInitialized) {
        window.location.replace('/auth/register');
        return;
    }
    if (!features.oauth) {
        render(features, config);
        return;
    }

    const search = window.location.search;
    if (isCallback(search)) {
        setStatus('Completing login…');
        try {
            await api('POST', '/api/oauth/callback', { url: window.location.href });
            window.location.replace('/photos');
            return;
        } catch (error) {
            const [message, detail] = callbackError(error);
            // The code in the URL is spent: a reload must neither repost it nor launch OAuth again.
            window.history.replaceState(null, '', LOGIN_URL);
            render(features, config);
            showError(message, detail);
            // The provider still has a session for whoever just failed: offer to sign in as someone else.
            show($('other-account-button'), true);
            return;
        }
    }

    if ((features.oauthAutoLaunch && !isAutoLaunchDisabled(search)) || isAutoLaunchEnabled(search)) {
        setStatus('Redirecting to sign in…');
        // Back from the provider lands on a login page that does not launch again.
        window.history.replaceState(null, '', LOGIN_URL);
        try {
            await authorize(window.location.href.split('?')[0]);
            return;
        } catch (error) {
            render(features, config);
            showLoginError(error, 'Unable to login with OAuth', 'sign in with OAuth');
            return;
        }
    }

    render(features, config);
}

start(main);
