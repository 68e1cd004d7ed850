// The admin's authentication settings: every OAuth setting (spec immich-api.md §2) plus syncClaimsOnLogin and password login,
// the write-only client secret, inline validation from the server, the config-file lock, the provider test, recent failures
// and "unlink all".
import { $, ApiError, api, busy, el, serverMessage, setAlert, setupTopbar, loadMe, show, start, toast } from './app.js';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'HS256', 'HS384', 'HS512'];
const FILE_LOCK = 'Cannot update configuration while IMMICH_CONFIG_FILE is in use';

/** The form, section by section. path is section.key in the system config; type decides the control and the JSON type. */
const SECTIONS = [
    {
        title: 'OAuth provider',
        text: 'The OpenID Connect provider (e.g. Keycloak) and the client registered for this server.',
        fields: [
            { path: 'oauth.enabled', type: 'switch', label: 'Enable OAuth login',
                help: 'Shows the OAuth button on the login page and accepts logins from the provider.' },
            { path: 'oauth.issuerUrl', type: 'url', label: 'Issuer URL',
                help: 'The provider\'s issuer, e.g. https://sso.example.com/realms/immich. The /.well-known/openid-configuration suffix is optional.' },
            { path: 'oauth.clientId', type: 'text', label: 'Client ID', help: 'The client registered for this server at the provider.' },
            { path: 'oauth.clientSecret', type: 'secret', label: 'Client secret',
                help: 'Write-only: it is never shown. Leave empty to keep the stored secret. Without a secret the client is public (PKCE only).' },
            { path: 'oauth.scope', type: 'text', label: 'Scope', help: 'Scopes to request, separated by spaces; openid is required.' },
            { path: 'oauth.prompt', type: 'text', label: 'Prompt',
                help: 'Optional prompt parameter of the authorization request, e.g. select_account or login.' },
            { path: 'oauth.tokenEndpointAuthMethod', type: 'select', options: ['client_secret_post', 'client_secret_basic'],
                label: 'Token endpoint auth method', help: 'How the client secret is sent to the token endpoint.' },
            { path: 'oauth.timeout', type: 'int', label: 'Request timeout (ms)', min: 1,
                help: 'How long to wait for the provider (discovery, token, UserInfo, keys), in milliseconds.' },
            { path: 'oauth.allowInsecureRequests', type: 'switch', label: 'Allow insecure requests',
                help: 'Allows http:// provider endpoints, for local testing only. TLS certificates are always checked.' },
            { path: 'oauth.signingAlgorithm', type: 'select', options: ALGORITHMS, label: 'ID token signing algorithm',
                help: 'The algorithm the provider signs ID tokens with; tokens signed otherwise are rejected.' },
            { path: 'oauth.profileSigningAlgorithm', type: 'select', options: ['none', ...ALGORITHMS], label: 'UserInfo signing algorithm',
                help: 'none when the UserInfo endpoint answers plain JSON (the usual case).' },
            { path: 'oauth.endSessionEndpoint', type: 'url', label: 'End session endpoint',
                help: 'Where logout sends OAuth users. Empty: the provider\'s end_session_endpoint from discovery.' },
            { path: 'oauth.accountManagementUrl', type: 'url', label: 'Account management URL',
                help: 'Where Immich clients send users to manage their account at the provider. Empty: for a Keycloak issuer (…/realms/<name>) the realm\'s account console, <issuer>/account; otherwise none.' },
        ],
    },
    {
        title: 'Accounts and claims',
        text: 'How OAuth users become accounts here, and which claims set their storage label, quota and role.',
        fields: [
            { path: 'oauth.autoRegister', type: 'switch', label: 'Auto register',
                help: 'Creates an account on the first OAuth login of an unknown user. Off: only existing or linked users can log in.' },
            { path: 'oauth.storageLabelClaim', type: 'text', label: 'Storage label claim',
                help: 'Claim that sets the storage label of a new user.' },
            { path: 'oauth.storageQuotaClaim', type: 'text', label: 'Storage quota claim',
                help: 'Claim with the quota of a new user in GiB; null means unlimited.' },
            { path: 'oauth.roleClaim', type: 'text', label: 'Role claim', help: 'Claim that makes a new user an admin when it says "admin".' },
            { path: 'oauth.defaultStorageQuota', type: 'number', label: 'Default storage quota (GiB)', min: 0,
                help: 'Used when the quota claim is missing or invalid. 0 or empty means unlimited.' },
            { path: 'oauth.syncClaimsOnLogin', type: 'switch', label: 'Sync claims on every login',
                help: 'Applies quota and role from the claims on every login, not only when the account is created. The storage label never changes.' },
        ],
    },
    {
        title: 'Login page',
        text: 'What people see on the login page.',
        fields: [
            { path: 'oauth.buttonText', type: 'text', label: 'Button text', help: 'Text of the OAuth button.' },
            { path: 'oauth.autoLaunch', type: 'switch', label: 'Auto launch',
                help: 'Goes straight to the provider from the login page. /auth/login?autoLaunch=0 still shows the page.' },
            { path: 'passwordLogin.enabled', type: 'switch', label: 'Password login',
                help: 'Allows logging in with email and password. Keep it on until an OAuth admin login works.' },
        ],
    },
    {
        title: 'Mobile app',
        text: 'For providers that do not accept the app\'s app.immich:/ redirect URI.',
        fields: [
            { path: 'oauth.mobileOverrideEnabled', type: 'switch', label: 'Mobile redirect URI override',
                help: 'Sends the mobile app\'s logins through this server, which forwards them to the app.' },
            { path: 'oauth.mobileRedirectUri', type: 'url', label: 'Mobile redirect URI',
                help: 'Usually this server\'s /api/oauth/mobile-redirect; register it at the provider.' },
        ],
    },
];

const FIELDS = SECTIONS.flatMap(section => section.fields);

let stored;          // the config as the server last returned it (holds the secret; never rendered)
let defaults;
let readOnly = false;
let removeSecret = false;

function idOf(path) {
    return `f-${path.replace('.', '-')}`;
}

function read(config, path) {
    const [section, key] = path.split('.');
    return config[section][key];
}

function write(config, path, value) {
    const [section, key] = path.split('.');
    config[section][key] = value;
}

function describeDefault(field, value) {
    if (field.type === 'switch') {
        return value ? 'on' : 'off';
    }
    if (field.type === 'secret' || value === '' || value === null || value === undefined) {
        return 'empty';
    }
    if (field.path === 'oauth.defaultStorageQuota' && Number(value) === 0) {
        return '0 (unlimited)';
    }
    return String(value);
}

function control(field) {
    const id = idOf(field.path);
    const describedBy = `${id}-help ${id}-error`;
    if (field.type === 'switch') {
        return el('input', { id, name: field.path, type: 'checkbox', role: 'switch', 'aria-describedby': describedBy });
    }
    if (field.type === 'select') {
        return el('select', { id, name: field.path, 'aria-describedby': describedBy },
            field.options.map(option => el('option', { value: option, text: option })));
    }
    const attributes = { id, name: field.path, 'aria-describedby': describedBy, spellcheck: 'false', autocapitalize: 'off' };
    if (field.type === 'secret') {
        return el('input', { ...attributes, type: 'password', autocomplete: 'new-password' });
    }
    if (field.type === 'int' || field.type === 'number') {
        return el('input', { ...attributes, type: 'number', min: field.min, step: field.type === 'int' ? '1' : 'any', inputmode: 'decimal' });
    }
    return el('input', { ...attributes, type: field.type === 'url' ? 'url' : 'text', autocomplete: 'off' });
}

function renderField(field) {
    const id = idOf(field.path);
    const input = control(field);
    const help = el('p', { id: `${id}-help`, className: 'help' }, field.help, ' ',
        el('span', { className: 'default', text: `Default: ${describeDefault(field, read(defaults, field.path))}` }));
    const error = el('p', { id: `${id}-error`, className: 'field-error', hidden: true });
    const label = el('label', { for: id, text: field.label });
    const children = field.type === 'switch' ? [input, label, help, error] : [label, input, help, error];
    if (field.type === 'secret') {
        const remove = el('button', { id: 'secret-remove', type: 'button', className: 'btn btn-ghost btn-small', text: 'Remove secret' });
        remove.addEventListener('click', () => {
            removeSecret = !removeSecret;
            input.value = '';
            updateSecret();
        });
        children.push(el('div', { className: 'row' }, remove));
    }
    return el('div', { className: `field${field.type === 'switch' ? ' field-switch' : ''}`, 'data-path': field.path }, children);
}

function renderSections() {
    const container = $('sections');
    container.replaceChildren(...SECTIONS.map((section, index) => el('section', { className: 'card', 'aria-labelledby': `section-${index}` },
        el('div', { className: 'card-header' }, el('h2', { id: `section-${index}`, text: section.title }), el('p', { text: section.text })),
        el('div', { className: 'settings-grid' }, section.fields.map(renderField)))));
    $(idOf('oauth.mobileOverrideEnabled')).addEventListener('change', event => {
        // As Immich's admin page: turning the override on suggests this server's own forwarding route.
        const uri = $(idOf('oauth.mobileRedirectUri'));
        if (event.target.checked && !uri.value.trim()) {
            uri.value = `${window.location.origin}/api/oauth/mobile-redirect`;
        }
        updateMobile();
    });
    $('sections').addEventListener('input', () => setSaveState('Unsaved changes'));
}

function updateSecret() {
    const input = $(idOf('oauth.clientSecret'));
    const isSet = Boolean(read(stored, 'oauth.clientSecret'));
    const remove = $('secret-remove');
    show(remove, isSet && !readOnly);
    remove.textContent = removeSecret ? 'Keep secret' : 'Remove secret';
    input.placeholder = removeSecret ? 'Will be removed when you save' : (isSet ? '•••• (set)' : 'Not set');
    input.disabled = removeSecret;
}

function updateMobile() {
    const on = $(idOf('oauth.mobileOverrideEnabled')).checked;
    $(idOf('oauth.mobileRedirectUri')).closest('.field').classList.toggle('muted', !on);
}

/** Puts the stored values into the form; the secret input always starts empty. */
function fill() {
    removeSecret = false;
    for (const field of FIELDS) {
        const input = $(idOf(field.path));
        const value = read(stored, field.path);
        if (field.type === 'switch') {
            input.checked = Boolean(value);
        } else if (field.type === 'secret') {
            input.value = '';
        } else {
            input.value = value === null || value === undefined ? '' : String(value);
        }
    }
    updateSecret();
    updateMobile();
    clearErrors();
    setSaveState('');
}

function numberOrRaw(text) {
    const trimmed = text.trim();
    if (trimmed === '') {
        return null;
    }
    const number = Number(trimmed);
    // Anything else goes to the server as typed, so its validation message names the problem.
    return Number.isFinite(number) ? number : trimmed;
}

/** The full config to PUT: the stored config with the form's values over it; the secret only when changed. */
function collect() {
    const config = structuredClone(stored);
    for (const field of FIELDS) {
        const input = $(idOf(field.path));
        let value;
        if (field.type === 'switch') {
            value = input.checked;
        } else if (field.type === 'secret') {
            value = removeSecret ? '' : (input.value !== '' ? input.value : read(stored, field.path));
        } else if (field.type === 'int' || field.type === 'number') {
            value = numberOrRaw(input.value);
        } else {
            value = input.value.trim();
        }
        write(config, field.path, value);
    }
    return config;
}

function clearErrors() {
    setAlert($('form-error'), '');
    for (const field of FIELDS) {
        showFieldError(field.path, '');
    }
}

function showFieldError(path, message) {
    const id = idOf(path);
    const error = $(`${id}-error`);
    error.textContent = message;
    error.hidden = !message;
    $(id).setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Validation messages are "[oauth.issuerUrl] message": each goes next to its field; the rest above the form. */
function showErrors(error) {
    const general = [];
    const byPath = new Map();
    for (const message of error.messages) {
        const match = /^\[([A-Za-z]+\.[A-Za-z]+)\]\s*(.*)$/.exec(message);
        if (match && FIELDS.some(field => field.path === match[1])) {
            byPath.set(match[1], [...(byPath.get(match[1]) || []), match[2]]);
        } else {
            general.push(message);
        }
    }
    byPath.forEach((messages, path) => showFieldError(path, messages.join(' ')));
    if (general.length > 0 || byPath.size === 0) {
        setAlert($('form-error'), general.length > 0 ? general.join('; ') : serverMessage(error, 'Unable to save the settings'));
    } else {
        setAlert($('form-error'), `Check ${byPath.size === 1 ? 'the highlighted setting' : `the ${byPath.size} highlighted settings`}.`);
    }
    const first = FIELDS.find(field => byPath.has(field.path));
    (first ? $(idOf(first.path)) : $('form-error')).focus();
}

function setSaveState(text) {
    $('save-state').textContent = text;
}

function setReadOnly(on) {
    readOnly = on;
    $('settings-fields').disabled = on;
    show($('readonly-notice'), on);
    show($('save-bar'), !on);
    updateSecret();
}

async function save(event) {
    event.preventDefault();
    if (readOnly) {
        return;
    }
    clearErrors();
    await busy($('save-button'), async () => {
        try {
            stored = await api('PUT', '/api/system-config', collect());
            fill();
            setSaveState('Saved');
            toast('Settings saved', 'success');
        } catch (error) {
            if (error instanceof ApiError && error.messages.includes(FILE_LOCK)) {
                setReadOnly(true);
                return;
            }
            showErrors(error);
            setSaveState('Not saved');
        }
    });
}

/** The provider test takes the form's values, so a change can be tried before it is saved. */
function diagnoseRequest() {
    const config = collect();
    const body = {};
    for (const key of ['issuerUrl', 'clientId', 'scope', 'tokenEndpointAuthMethod', 'signingAlgorithm', 'timeout',
        'allowInsecureRequests', 'mobileOverrideEnabled', 'mobileRedirectUri']) {
        body[key] = config.oauth[key];
    }
    const typed = $(idOf('oauth.clientSecret')).value;
    if (typed !== '') {
        body.clientSecret = typed;
    }
    return body;
}

function renderFindings(report) {
    const findings = Array.isArray(report.findings) ? report.findings : [];
    const counts = { OK: 0, WARN: 0, FAIL: 0 };
    findings.forEach(finding => { counts[finding.status] = (counts[finding.status] || 0) + 1; });
    const summary = el('div', { className: `alert ${report.ok ? 'alert-success' : 'alert-error'}`, role: 'status' },
        el('strong', { text: report.ok ? 'The provider configuration looks right.' : 'Logins will not work until the FAIL items are fixed.' }),
        el('p', { text: `${counts.OK} OK, ${counts.WARN} WARN, ${counts.FAIL} FAIL` }));
    const list = el('ul', { className: 'findings', 'aria-label': 'Findings' }, findings.map(finding => {
        const status = ['OK', 'WARN', 'FAIL'].includes(finding.status) ? finding.status : 'WARN';
        return el('li', { className: 'finding' },
            el('span', { className: `badge badge-${status.toLowerCase()}`, text: status }),
            el('strong', { text: finding.check }),
            finding.seen ? el('span', { text: finding.seen }) : null,
            finding.fix ? el('span', { className: 'fix', text: `Fix: ${finding.fix}` }) : null);
    }));
    $('diagnose-result').replaceChildren(summary, list);
}

async function diagnose() {
    const result = $('diagnose-result');
    await busy($('diagnose-button'), async () => {
        result.replaceChildren(el('p', { className: 'status', role: 'status', text: 'Testing the provider…' }));
        try {
            renderFindings(await api('POST', '/api/admin/oauth/diagnose', diagnoseRequest()));
        } catch (error) {
            const message = error instanceof ApiError && error.status === 404
                ? 'The provider test is not available on this server version.'
                : serverMessage(error, 'Unable to test the configuration');
            result.replaceChildren(el('div', { className: 'alert alert-error', role: 'alert', text: message }));
        }
    });
}

function renderFailures(failures) {
    const list = $('failures-list');
    if (failures.length === 0) {
        list.replaceChildren(el('p', { className: 'muted', text: 'No OAuth failures since the server started.' }));
        return;
    }
    const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
    const rows = failures.map(failure => el('tr', {},
        el('td', {}, el('time', { datetime: failure.time, text: time.format(new Date(failure.time)) })),
        el('td', {}, el('code', { text: failure.route })),
        el('td', {}, el('span', { className: 'badge badge-fail', text: failure.reason })),
        el('td', { text: String(failure.status) }),
        el('td', { text: failure.message }),
        el('td', {}, el('code', { text: failure.correlationId }))));
    const head = el('tr', {}, ['Time', 'Route', 'Reason', 'Status', 'Message', 'Correlation id'].map(h => el('th', { scope: 'col', text: h })));
    list.replaceChildren(el('div', { className: 'table-wrap' },
        el('table', {}, el('caption', { className: 'visually-hidden', text: 'Recent OAuth failures, newest first' }),
            el('thead', {}, head), el('tbody', {}, rows))));
}

async function loadStatus() {
    const status = await api('GET', '/api/admin/oauth/status');
    renderFailures(Array.isArray(status.recentFailures) ? status.recentFailures : []);
    return status;
}

function setupUnlinkAll() {
    const dialog = $('unlink-dialog');
    const button = $('unlink-all-button');
    button.addEventListener('click', () => dialog.showModal());
    $('unlink-cancel').addEventListener('click', () => dialog.close());
    $('unlink-confirm').addEventListener('click', async () => {
        dialog.close();
        await busy(button, async () => {
            try {
                await api('POST', '/api/admin/auth/unlink-all');
                toast('Unlinked all OAuth accounts', 'success');
            } catch (error) {
                toast('Unable to unlink all OAuth accounts', 'error', serverMessage(error, ''));
            }
        });
        button.focus();
    });
}

async function main() {
    const user = await loadMe();
    setupTopbar(user);
    let status;
    [stored, defaults, status] = await Promise.all([
        api('GET', '/api/system-config'), api('GET', '/api/system-config/defaults'), loadStatus()]);
    renderSections();
    fill();
    setReadOnly(Boolean(status.configFileInUse));

    $('settings-form').addEventListener('submit', save);
    $('reset-button').addEventListener('click', fill);
    $('diagnose-button').addEventListener('click', diagnose);
    $('failures-refresh').addEventListener('click', () => busy($('failures-refresh'), () => loadStatus().catch(error =>
        toast('Unable to load recent failures', 'error', serverMessage(error, '')))));
    setupUnlinkAll();

    show($('status'), false);
    for (const id of ['settings-form', 'diagnose', 'failures', 'danger']) {
        show($(id), true);
    }
}

start(main);
