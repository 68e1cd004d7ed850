// The signed-in landing page: who is signed in, their storage label, quota and role.
import { $, avatar, formatQuota, loadMe, setupTopbar, show, start } from './app.js';

async function main() {
    const user = await loadMe();
    setupTopbar(user);
    $('avatar').replaceWith(avatar(user));
    $('user-name').textContent = user.name;
    $('user-email').textContent = user.email;
    $('storage-label').textContent = user.storageLabel || 'None';
    $('quota').textContent = formatQuota(user.quotaSizeInBytes);
    $('oauth-state').textContent = user.oauthId ? 'Linked' : 'Not linked';
    show($('admin-badge'), Boolean(user.isAdmin));
    show($('admin-link'), Boolean(user.isAdmin));
    show($('status'), false);
    show($('account'), true);
}

start(main);
