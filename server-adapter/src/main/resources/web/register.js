// First-admin registration: sign up, log in, then on to the admin settings.
import { $, api, busy, serverMessage, setAlert, start } from './app.js';

const FIELDS = ['name', 'email', 'password', 'confirm'];

function setFieldError(id, message) {
    const error = $(`${id}-error`);
    error.textContent = message || '';
    error.hidden = !message;
    $(id).setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Checks what the browser can: required fields and the repeated password. Returns the first invalid field. */
function check(values) {
    const problems = {};
    if (!values.name.trim()) {
        problems.name = 'Enter a name.';
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(values.email.trim())) {
        problems.email = 'Enter a valid email address.';
    }
    if (!values.password) {
        problems.password = 'Enter a password.';
    }
    if (values.password !== values.confirm) {
        problems.confirm = 'Passwords do not match';
    }
    FIELDS.forEach(id => setFieldError(id, problems[id]));
    return FIELDS.find(id => problems[id]);
}

async function register(event) {
    event.preventDefault();
    const values = Object.fromEntries(FIELDS.map(id => [id, $(id).value]));
    setAlert($('error'), '');
    const invalid = check(values);
    if (invalid) {
        $(invalid).focus();
        return;
    }
    const email = values.email.trim();
    await busy($('register-button'), async () => {
        try {
            await api('POST', '/api/auth/admin-sign-up', { name: values.name.trim(), email, password: values.password });
        } catch (error) {
            setAlert($('error'), serverMessage(error, 'Unable to create the admin account'));
            return;
        }
        try {
            const login = await api('POST', '/api/auth/login', { email, password: values.password });
            window.location.href = login.isAdmin ? '/admin/system-settings' : '/photos';
        } catch (error) {
            // Signed up, but password login may be off: the login page offers what is left.
            window.location.href = '/auth/login';
        }
    });
}

async function main() {
    $('register-form').addEventListener('submit', register);
    $('name').focus();
}

start(main);
