// The demo page: plain JavaScript over the public API. Every failure ends as a sentence in #error, never a blank page.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  user: null,
  strategy: null,
  hidden: new Set(),
  adminKey: sessionStorage.getItem('adminKey') || '',
  apiKey: sessionStorage.getItem('apiKey') || '',
};

// One call to the API. Non-2xx answers become an Error carrying the problem's detail (or a sentence of our own).
// In Azure the data routes take a function key: the page sends the one it was given, and when the API answers 401
// it asks for one once and tries again. Admin calls bring their own key (adminHeaders) and are never prompted for.
async function api(path, options = {}, prompted = false) {
  const headers = { ...(options.headers || {}) };
  const adminCall = 'x-functions-key' in headers;
  if (!adminCall && state.apiKey) headers['x-functions-key'] = state.apiKey;
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch (e) {
    throw new Error(`The app could not be reached (${e.message}).`);
  }
  if (response.status === 401 && !adminCall && !prompted) {
    const key = window.prompt('This API needs a function key (sent as x-functions-key). Enter one to go on:', '');
    if (key) {
      state.apiKey = key;
      sessionStorage.setItem('apiKey', key);
      return api(path, options, true);
    }
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const detail = body && (body.detail || body.title);
    const sentence = detail || `The app answered ${response.status} ${response.statusText}.`;
    const error = new Error(sentence);
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

// Runs an action; its failure is shown, its success clears an earlier error.
async function attempt(action) {
  try {
    await action();
    showError('');
  } catch (e) {
    showError(e.message || String(e));
  }
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function titleOf(item) {
  return item.title || `Item ${item.itemId}`;
}

function genresOf(item) {
  return el('span', { className: 'genres', textContent: (item.genres || []).join(', ') });
}

function recommendationsPath() {
  const params = new URLSearchParams({ k: $('k').value || '10', mode: $('mode').value, explain: 'true' });
  if ($('mode').value === 'mixed') params.set('alpha', $('alpha').value);
  // An unknown genre is answered 400 with the known ones, which the page shows as its error sentence.
  const genre = $('genre').value.trim();
  if (genre) params.set('includeGenres', genre);
  return `/api/recommendations/${encodeURIComponent(state.user)}?${params}`;
}

async function fetchRecommendations() {
  const body = await api(recommendationsPath());
  state.strategy = body.strategy;
  return body;
}

function render(body) {
  $('strategy').textContent = body.strategy;
  $('current-user').textContent = `for user ${state.user}`;
  const list = $('recommendations');
  list.replaceChildren();
  const items = body.items.filter((item) => !state.hidden.has(item.itemId));
  $('empty-hint').hidden = items.length > 0;
  $('empty-hint').textContent = items.length > 0 ? '' : 'The model has nothing left to recommend to this user.';
  for (const item of items) {
    const title = el('button', { type: 'button', className: 'item-title', textContent: titleOf(item), title: 'Show similar items' });
    title.addEventListener('click', () => attempt(() => showSimilar(item)));
    const like = el('button', { type: 'button', className: 'like', textContent: 'Like' });
    const dislike = el('button', { type: 'button', className: 'dislike', textContent: 'Dislike' });
    like.addEventListener('click', () => attempt(() => sendFeedback(item, 'like')));
    dislike.addEventListener('click', () => attempt(() => sendFeedback(item, 'dislike')));
    const row = el('li', {}, title, genresOf(item), el('span', { className: 'score', textContent: item.score.toFixed(3) }));
    row.dataset.itemId = item.itemId;
    const because = item.because || [];
    if (because.length > 0) {
      // Titles can hold commas ("Movie, The"), so each is quoted.
      row.append(el('p', { className: 'because', textContent: `Because you liked ${because.map((b) => `“${titleOf(b)}”`).join(', ')}` }));
    }
    row.append(el('div', { className: 'actions' }, like, dislike));
    list.append(row);
  }
}

async function refresh() {
  if (!state.user) return;
  render(await fetchRecommendations());
}

async function openUser(id) {
  id = (id || '').trim();
  if (!id) throw new Error('Enter a user id first.');
  state.user = id;
  state.hidden = new Set();
  $('user-search').value = id;
  const url = new URL(window.location.href);
  url.searchParams.set('user', id);
  history.replaceState(null, '', url);
  await refresh();
}

// Feedback goes through a queue, so the list is re-read until the answer reflects it (or a deadline passes).
async function sendFeedback(item, kind) {
  const userId = state.user;
  await api('/api/feedback', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, itemId: item.itemId, event: kind }),
  });
  if (kind === 'dislike') {
    state.hidden.add(item.itemId);
    const row = document.querySelector(`#recommendations li[data-item-id="${CSS.escape(item.itemId)}"]`);
    if (row) row.remove();
    return;
  }
  const before = state.strategy;
  const deadline = Date.now() + 30000;
  for (;;) {
    const body = await fetchRecommendations();
    const changed = body.strategy !== before || !body.items.some((i) => i.itemId === item.itemId);
    if (changed || Date.now() > deadline || userId !== state.user) {
      if (userId === state.user) render(body);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

async function showSimilar(item) {
  const body = await api(`/api/similar/${encodeURIComponent(item.itemId)}?k=10`);
  $('similar').hidden = false;
  $('similar-title').textContent = titleOf(item);
  $('similar-items').replaceChildren(...body.items.map((s) =>
    el('li', {}, titleOf(s), genresOf(s), el('span', { className: 'score', textContent: s.score.toFixed(3) }))));
}

async function suggestUsers() {
  const q = $('user-search').value.trim();
  const body = await api(`/api/users?k=20&q=${encodeURIComponent(q)}`);
  $('user-suggestions').replaceChildren(...body.users.map((id) => el('option', { value: id })));
  return body;
}

function formatTime(value) {
  return value ? new Date(value).toLocaleString() : 'unknown';
}

function metricsRows(metrics) {
  return Object.entries(metrics || {}).map(([name, value]) =>
    el('tr', {}, el('th', { textContent: name }), el('td', { textContent: Number(value).toFixed(4) })));
}

async function loadModel() {
  let health;
  try {
    health = await api('/api/health');
  } catch (e) {
    $('model-version').textContent = 'none loaded';
    throw e;
  }
  $('model-version').textContent = health.modelVersion;
  $('model-activated').textContent = formatTime(health.activatedAt);
  $('model-loaded').textContent = formatTime(health.loadedAt);
  $('model-shape').textContent = `${health.users} / ${health.items} / ${health.factors}`;
  $('model-metrics').tBodies[0].replaceChildren(...metricsRows(health.metrics));
}

function adminHeaders() {
  if (!state.adminKey) throw new Error('Enter the admin key first.');
  return { 'x-functions-key': state.adminKey };
}

async function loadAdmin() {
  const models = await api('/api/models', { headers: adminHeaders() });
  const rows = models.models.map((m) => {
    const activate = el('button', { type: 'button', className: 'activate', textContent: 'Activate', disabled: m.version === models.currentVersion });
    activate.addEventListener('click', () => attempt(async () => {
      await api(`/api/models/${encodeURIComponent(m.version)}/activate`, { method: 'POST', headers: adminHeaders() });
      await Promise.all([loadModel(), loadAdmin(), refresh()]);
    }));
    // One headline figure per version keeps the table narrow; the model panel above shows them all for the served one.
    const [name, value] = Object.entries(m.metrics || {}).find(([k]) => k.startsWith('ndcg@')) || Object.entries(m.metrics || {})[0] || [];
    const metrics = name ? `${name} ${Number(value).toFixed(4)}` : '';
    const row = el('tr', {}, el('td', { textContent: m.version }), el('td', { textContent: m.status }), el('td', { textContent: metrics }), el('td', {}, activate));
    row.dataset.version = m.version;
    return row;
  });
  $('versions').tBodies[0].replaceChildren(...rows);
  $('start-training').disabled = false;
  const runs = await api('/api/training/runs', { headers: adminHeaders() });
  const list = Array.isArray(runs) ? runs : (runs.runs || []);
  $('runs').replaceChildren(...list.map((r) =>
    el('li', { textContent: `${r.id}: ${r.status}, ${r.trigger}, started ${formatTime(r.startedAt)}${r.version ? `, version ${r.version}` : ''}${r.message ? ` (${r.message})` : ''}` })));
}

function wire() {
  $('user-form').addEventListener('submit', (e) => { e.preventDefault(); attempt(() => openUser($('user-search').value)); });
  $('user-search').addEventListener('input', () => attempt(suggestUsers));
  $('random-user').addEventListener('click', () => attempt(async () => {
    const body = await api('/api/users?k=1');
    if (!body.random) throw new Error('The model knows no users.');
    await openUser(body.random);
  }));
  $('new-user').addEventListener('click', () => attempt(() => openUser(`new-${Math.random().toString(36).slice(2, 10)}`)));
  $('mode').addEventListener('change', () => { $('alpha').disabled = $('mode').value !== 'mixed'; attempt(refresh); });
  $('alpha').addEventListener('input', () => { $('alpha-value').textContent = Number($('alpha').value).toFixed(2); });
  $('alpha').addEventListener('change', () => attempt(refresh));
  $('k').addEventListener('change', () => attempt(refresh));
  $('genre').addEventListener('change', () => attempt(refresh));
  $('admin-key').value = state.adminKey;
  $('admin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.adminKey = $('admin-key').value;
    sessionStorage.setItem('adminKey', state.adminKey);
    attempt(loadAdmin);
  });
  $('start-training').addEventListener('click', () => attempt(async () => {
    await api('/api/training', { method: 'POST', headers: adminHeaders() });
    await loadAdmin();
  }));
}

wire();
attempt(async () => {
  await loadModel();
  const user = new URLSearchParams(window.location.search).get('user');
  if (user) await openUser(user);
});
