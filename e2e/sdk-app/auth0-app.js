// A tiny SPA with Auth0's SPA SDK, unmodified. The README's "Your own app" shows this same setup.
import { createAuth0Client } from '@auth0/auth0-spa-js';
import { api, domain } from '/config.js';

const options = {
  domain, // 'http://localhost:4000' for npm run server
  clientId: 'spa',
  authorizationParams: {
    redirect_uri: 'http://localhost:3000/callback',
    audience: 'https://api.example.com',
    scope: 'openid profile email read:messages',
  },
};
// Rotating refresh tokens: getTokenSilently uses the refresh_token grant.
const auth0 = await createAuth0Client({ ...options, useRefreshTokens: true, cacheLocation: 'localstorage' });
// Without refresh tokens: getTokenSilently uses a hidden iframe (prompt=none, response_mode=web_message).
// useFormData: false sends the token request as JSON.
const auth0Frame = await createAuth0Client({ ...options, useFormData: false });

const status = document.getElementById('status');
const result = document.getElementById('result');
const show = (text) => {
  result.textContent = text;
};
const failed = (error) => show(`Error: ${error.error ?? error.message}: ${error.error_description ?? ''}`);

async function showUser() {
  const user = await auth0.getUser();
  status.textContent = user ? `Signed in as ${user.name} (${user.email})` : 'Not signed in';
}

function describeToken(token) {
  const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  return `Access token for ${[claims.aud].flat()[0]} with scope ${claims.scope}`;
}

if (location.pathname === '/callback' && new URLSearchParams(location.search).has('state')) {
  try {
    await auth0.handleRedirectCallback();
    history.replaceState(null, '', '/');
  } catch (error) {
    failed(error);
  }
}
await showUser();

document.getElementById('login').onclick = () => auth0.loginWithRedirect();
document.getElementById('popup').onclick = () => auth0.loginWithPopup().then(showUser, failed);
document.getElementById('refresh').onclick = () =>
  auth0.getTokenSilently({ cacheMode: 'off' }).then((token) => show(describeToken(token)), failed);
document.getElementById('frame').onclick = () =>
  auth0Frame.getTokenSilently({ cacheMode: 'off' }).then((token) => show(describeToken(token)), failed);
document.getElementById('api').onclick = async () => {
  try {
    const token = await auth0.getTokenSilently();
    const res = await fetch(api, { headers: { Authorization: `Bearer ${token}` } });
    show(`The API answered ${res.status}`);
  } catch (error) {
    failed(error);
  }
};
document.getElementById('logout').onclick = () =>
  auth0.logout({ logoutParams: { returnTo: 'http://localhost:3000/' } });
