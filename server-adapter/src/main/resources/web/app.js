// Shared helpers of the adapter's pages. Data from the server or the URL reaches the page only through textContent.

/** A failed API call: the HTTP status and Immich's error body ({message, error, statusCode, correlationId[, reason]}). */
export class ApiError extends Error {
    constructor(status, body, fallback) {
        super(messageOf(body) || fallback || `Request failed (${status})`);
        this.status = status;
        this.body = body;
    }

    /** The body's messages as a list (validation errors come as an array). */
    get messages() {
        const message = this.body && this.body.message;
        if (Array.isArray(message)) {
            return message.map(String);
        }
        return typeof message === 'string' && message ? [message] : [];
    }

    get reason() {
        return (this.body && typeof this.body.reason === 'string') ? this.body.reason : null;
    }

    get correlationId() {
        return (this.body && typeof this.body.correlationId === 'string') ? this.body.correlationId : null;
    }
}

function messageOf(body) {
    if (!body) {
        return '';
    }
    if (Array.isArray(body.message)) {
        return body.message.map(String).join('; ');
    }
    return typeof body.message === 'string' ? body.message : '';
}

/** Calls the JSON API with the session cookie; resolves to the parsed body (or null), rejects with an ApiError. */
export async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(path, init);
    } catch (e) {
        throw new ApiError(0, null, 'The server cannot be reached');
    }
    const text = await response.text();
    let data = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch (e) {
            data = null;
        }
    }
    if (!response.ok) {
        throw new ApiError(response.status, data);
    }
    return data;
}

/** The server's message of a failed call, or the fallback when the server gave none. */
export function serverMessage(error, fallback) {
    if (error instanceof ApiError) {
        const messages = error.messages;
        if (messages.length > 0) {
            return messages.join('; ');
        }
    }
    return fallback;
}

/** Builds an element. Text is set with textContent; attributes with setAttribute; never HTML. */
export function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (key === 'text') {
            node.textContent = String(value);
        } else if (key === 'className') {
            node.className = value;
        } else if (key === 'on') {
            for (const [event, handler] of Object.entries(value)) {
                node.addEventListener(event, handler);
            }
        } else {
            node.setAttribute(key, value === true ? '' : String(value));
        }
    }
    for (const child of children.flat()) {
        if (child !== null && child !== undefined && child !== false) {
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
    return node;
}

export function $(id) {
    return document.getElementById(id);
}

export function show(node, visible) {
    node.hidden = !visible;
}

/** Shows a loading state on a button while an action runs. */
export async function busy(button, action) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
        return await action();
    } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
    }
}

/** Fills an alert element with a message (and an optional second line), or hides it when the message is empty. */
export function setAlert(node, message, detail) {
    node.replaceChildren();
    if (!message) {
        node.hidden = true;
        return;
    }
    node.append(el('p', { text: message }));
    if (detail) {
        node.append(el('p', { text: detail }));
    }
    node.hidden = false;
}

/** A short notice in the corner; the container is an aria-live region. kind: info | success | error. */
export function toast(message, kind = 'info', detail = '') {
    let region = $('toasts');
    if (!region) {
        region = el('div', { id: 'toasts', className: 'toasts', 'aria-live': 'polite' });
        document.body.append(region);
    }
    const item = el('div', { className: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
        el('div', { className: 'toast-body' }, el('p', { text: message }), detail ? el('p', { text: detail }) : null));
    const close = el('button', { type: 'button', className: 'toast-close', 'aria-label': 'Dismiss', text: '×' });
    close.addEventListener('click', () => item.remove());
    item.append(close);
    region.append(item);
    setTimeout(() => item.remove(), kind === 'error' ? 12000 : 6000);
}

const GIB = 1024 ** 3;
const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** A quota in bytes as GiB; null means unlimited. */
export function formatQuota(bytes) {
    if (bytes === null || bytes === undefined) {
        return 'Unlimited';
    }
    return `${NUMBER.format(bytes / GIB)} GiB`;
}

/** Immich's oauth.isCallback: the search string contains code= or error=. */
export function isCallback(search) {
    return search.includes('code=') || search.includes('error=');
}

/** Immich's oauth.authorize: the redirect URI is this page without its query; the browser then goes to the provider. */
/** Starts an OAuth login; {@code prompt: 'login'} makes the provider ask for credentials again (another account). */
export async function authorize(redirectUri, prompt) {
    const body = prompt ? { redirectUri, prompt } : { redirectUri };
    const { url } = await api('POST', '/api/oauth/authorize', body);
    window.location.href = url;
}

/** Logs out and goes where the server says: the login page, or the provider's end-session URL. */
export async function logout() {
    let target = '/auth/login';
    try {
        const { redirectUri } = await api('POST', '/api/auth/logout');
        if (typeof redirectUri === 'string' && redirectUri) {
            target = redirectUri;
        }
    } catch (e) {
        // As Immich: a failed logout still ends on the login page.
    }
    window.location.href = target;
}

/** The signed-in user; a lost session goes back to the login page. */
export async function loadMe() {
    try {
        return await api('GET', '/api/users/me');
    } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
            window.location.replace('/auth/login');
        }
        throw e;
    }
}

/** Wires the top bar of a signed-in page: the admin link, the current page and the logout button. */
export function setupTopbar(user) {
    const admin = $('nav-admin');
    if (admin) {
        show(admin, Boolean(user.isAdmin));
    }
    for (const link of document.querySelectorAll('.topbar nav a')) {
        if (link.getAttribute('href') === window.location.pathname) {
            link.setAttribute('aria-current', 'page');
        }
    }
    const button = $('logout');
    if (button) {
        button.addEventListener('click', () => busy(button, logout));
    }
}

/** The avatar circle: initials on Immich's avatar colour. */
export function avatar(user) {
    const initials = (user.name || user.email || '?').trim().split(/\s+/).slice(0, 2).map(part => part[0]).join('');
    const color = /^[a-z]+$/.test(user.avatarColor || '') ? user.avatarColor : 'primary';
    return el('span', { className: `avatar avatar-${color}`, 'aria-hidden': 'true', text: initials });
}

/** Runs a page's main function and shows an unexpected failure instead of a blank page. */
export function start(main) {
    const run = () => main().catch(error => {
        toast('Something went wrong', 'error', serverMessage(error, error && error.message ? error.message : ''));
        const status = $('status');
        if (status) {
            status.hidden = true;
        }
    });
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', run);
    } else {
        run();
    }
}
