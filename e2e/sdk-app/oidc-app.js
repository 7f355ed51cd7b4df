// A tiny SPA with oidc-client-ts, unmodified. The README's "Your own app" shows this same setup.
import { UserManager } from 'oidc-client-ts';
import { domain } from '/config.js';

const userManager = new UserManager({
  authority: `${domain}/`, // 'http://localhost:4000/' for npm run server
  client_id: 'spa',
  redirect_uri: 'http://localhost:3000/callback',
  post_logout_redirect_uri: 'http://localhost:3000/',
  scope: 'openid profile email offline_access read:messages',
  extraQueryParams: { audience: 'https://api.example.com' },
  loadUserInfo: true,
});

const status = document.getElementById('status');
const result = document.getElementById('result');
const show = (text) => {
  result.textContent = text;
};
const failed = (error) => show(`Error: ${error.error ?? error.message}: ${error.error_description ?? ''}`);

async function showUser() {
  const user = await userManager.getUser();
  status.textContent = user ? `Signed in as ${user.profile.name} (${user.profile.email})` : 'Not signed in';
}

if (location.pathname === '/callback' && new URLSearchParams(location.search).has('state')) {
  try {
    await userManager.signinCallback();
    history.replaceState(null, '', '/');
  } catch (error) {
    failed(error);
  }
}
await showUser();

document.getElementById('login').onclick = () => userManager.signinRedirect();
document.getElementById('refresh').onclick = () =>
  userManager.signinSilent().then((user) => show(`Access token with scope ${user.scope}`), failed);
document.getElementById('revoke').onclick = () =>
  userManager.revokeTokens(['refresh_token']).then(() => show('Refresh token revoked'), failed);
document.getElementById('logout').onclick = () => userManager.signoutRedirect();
