import { api, ApiError, session } from './api.js';
import { el } from './dom.js';
import { views } from './views/index.js';

const $ = id => document.getElementById(id);
let refreshTimer = null;
// Bumped on every navigation: a slow draw of the view just left must not replace the one now shown.
let generation = 0;

async function start() {
  $('login-form').addEventListener('submit', async event => {
    event.preventDefault();
    session.token = $('token').value.trim();
    $('token').value = '';
    await enter();
  });
  $('logout').addEventListener('click', () => { session.token = null; showLogin(''); });
  window.addEventListener('hashchange', render);
  if (session.token) await enter(); else showLogin('');
}

async function enter() {
  try {
    const me = await api('/me');
    $('principal').textContent = `${me.principal} (${me.roles.join(', ')})`;
    $('login').hidden = true;
    $('nav').hidden = false;
    $('who').hidden = false;
    $('view').hidden = false;
    if (!location.hash) location.hash = `#/${views[0].id}`;
    await render();
  } catch (error) {
    session.token = null;
    showLogin(error instanceof ApiError && (error.status === 401 || error.status === 403)
      ? 'That token is not an approver or admin token of this server.'
      : `The server could not be reached: ${error.message}`);
  }
}

function showLogin(message) {
  clearInterval(refreshTimer);
  $('login').hidden = false;
  $('nav').hidden = true;
  $('who').hidden = true;
  $('view').hidden = true;
  $('login-error').textContent = message;
}

async function render() {
  if (!session.token) return;
  clearInterval(refreshTimer);
  const id = location.hash.replace(/^#\//, '').split('/')[0];
  const view = views.find(v => v.id === id) || views[0];
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.view === view.id);
  const target = $('view');
  const mine = ++generation;
  const draw = async () => {
    try {
      const content = await view.render({ api, refresh: draw });
      if (mine !== generation) return;
      target.replaceChildren(content);
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof ApiError && error.status === 401) { session.token = null; showLogin('Your token is no longer accepted.'); return; }
      target.replaceChildren(el('h2', {}, view.title), el('p', { class: 'error', role: 'alert' }, error.message));
    }
  };
  await draw();
  if (view.refreshSeconds) refreshTimer = setInterval(draw, view.refreshSeconds * 1000);
}

start();
