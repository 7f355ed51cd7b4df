import { escapeHtml } from './escape.ts';
import { htmlPage } from './layout.ts';

/**
 * Auth0's `response_mode=web_message`: the authorization response (success or error) is posted to
 * the window that opened this page (a popup) or framed it (a hidden iframe for `prompt=none`), as
 * `{type: 'authorization_response', response}`, with the redirect URI's origin as the target
 * origin so that no other page can read it (HTML Living Standard, `postMessage` targetOrigin).
 * The page may be framed by that origin alone. The script is constant; the values travel in an
 * escaped attribute and are read as JSON.
 */
export function webMessagePage(redirectUri: string, response: Record<string, string>): Response {
  const targetOrigin = new URL(redirectUri).origin;
  return htmlPage({
    title: 'Returning to the application',
    frameAncestor: targetOrigin,
    body: `<h1>Returning to the application</h1>
<p class="muted">This page hands the result to the application that opened it.</p>
<div id="authorization-response" hidden data-target-origin="${escapeHtml(targetOrigin)}" data-response="${escapeHtml(JSON.stringify(response))}"></div>`,
    script: `var d=document.getElementById('authorization-response').dataset;
(window.opener||window.parent).postMessage({type:'authorization_response',response:JSON.parse(d.response)},d.targetOrigin);`,
  });
}
