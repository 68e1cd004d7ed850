// User settings: the account's details, and linking or unlinking OAuth (spec immich-api.md §5, "Linking from user settings").
import { $, api, authorize, busy, formatQuota, isCallback, loadMe, serverMessage, setupTopbar, show, start, toast } from './app.js';

let user;

function renderAccount() {
    $('user-name').textContent = user.name;
    $('user-email').textContent = user.email;
    $('storage-label').textContent = user.storageLabel || 'None';
    $('quota').textContent = formatQuota(user.quotaSizeInBytes);
    show($('account'), true);
}

function renderOAuth() {
    const linked = Boolean(user.oauthId);
    const badge = $('oauth-badge');
    badge.textContent = linked ? 'Linked' : 'Not linked';
    badge.className = `badge ${linked ? 'badge-ok' : 'badge-info'}`;
    $('oauth-text').textContent = linked
        ? 'Your account is linked to an identity at the OAuth provider: you can log in with the OAuth button.'
        : 'Link your account to your identity at the OAuth provider to log in with the OAuth button.';
    show($('link-button'), !linked);
    show($('unlink-button'), linked);
    show($('oauth'), true);
}

async function link() {
    await busy($('link-button'), async () => {
        try {
            await authorize(window.location.href.split('?')[0]);
        } catch (error) {
            toast('Unable to link OAuth account', 'error', serverMessage(error, ''));
        }
    });
}

/** Unlinking asks first, as "unlink all" does in the administration. */
function setupUnlink() {
    const dialog = $('unlink-dialog');
    $('unlink-button').addEventListener('click', () => dialog.showModal());
    $('unlink-cancel').addEventListener('click', () => dialog.close());
    $('unlink-confirm').addEventListener('click', () => {
        dialog.close();
        unlink();
    });
}

async function unlink() {
    await busy($('unlink-button'), async () => {
        try {
            user = await api('POST', '/api/oauth/unlink');
            toast('Unlinked OAuth account', 'success');
        } catch (error) {
            toast('Unable to unlink OAuth account', 'error', serverMessage(error, ''));
        }
    });
    renderOAuth();
    $('link-button').focus();
}

/** Back from the provider: finish the link, then drop the code from the URL as Immich does (?open=oauth). */
async function finishLink() {
    try {
        user = await api('POST', '/api/oauth/link', { url: window.location.href });
        toast('Linked OAuth account', 'success');
    } catch (error) {
        toast('Unable to link OAuth account', 'error', serverMessage(error, ''));
    }
    window.history.replaceState(null, '', '?open=oauth');
}

/** Where users manage their identity-provider account (Immich's oauthAccountManagementUrl; Keycloak's account console). */
async function renderAccountManagement() {
    try {
        const config = await api('GET', '/api/server/config');
        const url = config.oauthAccountManagementUrl;
        if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
            $('manage-account').href = url;
            show($('manage-account'), true);
        }
    } catch (e) {
        // Without the server config the page still works; the link is a convenience.
    }
}

async function main() {
    $('link-button').addEventListener('click', link);
    setupUnlink();
    const [me, features] = await Promise.all([loadMe(), api('GET', '/api/server/features')]);
    user = me;
    setupTopbar(user);
    if (features.oauth && isCallback(window.location.search)) {
        await finishLink();
    }
    renderAccount();
    show($('status'), false);
    if (!features.oauth) {
        return;
    }
    renderOAuth();
    await renderAccountManagement();
    const params = new URLSearchParams(window.location.search);
    if (params.get('open') === 'oauth' || params.get('openSetting') === 'oauth') {
        $('oauth-title').focus();
        $('oauth').scrollIntoView({ block: 'start' });
    }
}

start(main);
