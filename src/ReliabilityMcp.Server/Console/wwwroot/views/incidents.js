import { badge, el, num, table, when } from '../dom.js';

// Incidents from the incident memory and what was done about them. Titles, descriptions and lessons are written by
// agents: shown as delimited text only. #/incidents lists; #/incidents/<id> shows one with its outcomes.
let search = { service: '', q: '' };

export const incidents = {
  id: 'incidents',
  title: 'Incidents',
  async render({ api, refresh }) {
    const id = decodeURIComponent(location.hash.replace(/^#\/incidents\/?/, ''));
    return id ? detail(api, id) : list(api, refresh);
  },
};

async function list(api, refresh) {
  const query = new URLSearchParams();
  if (search.service) query.set('service', search.service);
  if (search.q) query.set('q', search.q);
  const data = await api(`/incidents${query.size ? `?${query}` : ''}`);
  const service = el('input', { name: 'service', placeholder: 'service (optional)', value: search.service });
  const q = el('input', { name: 'q', placeholder: 'describe the symptoms to search similar incidents', value: search.q, size: 50 });
  const form = el('form', { class: 'toolbar', id: 'incident-search' }, service, q, el('button', { type: 'submit' }, 'Search'),
    el('button', { type: 'button', onclick: () => { search = { service: '', q: '' }; refresh(); } }, 'Clear'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    search = { service: service.value.trim(), q: q.value.trim() };
    refresh();
  });
  const similar = data.mode === 'similar';
  const rows = data.incidents.map(item => {
    const i = item.incident;
    return [
      el('a', { href: `#/incidents/${encodeURIComponent(i.id)}`, class: 'mono' }, i.id),
      when(i.startedAt), i.service, badge(i.severity, i.severity === 'critical' || i.severity === 'high' ? 'bad' : 'warn'),
      el('span', { class: 'data title' }, i.title),
      `${item.successfulOutcomes} of ${item.outcomes} resolved it`,
      similar ? num(item.similarity, 3) : null,
    ].filter(c => c !== null);
  });
  const headers = ['id', 'started (UTC)', 'service', 'severity', 'title', 'outcomes'].concat(similar ? ['similarity'] : []);
  return el('div', {},
    el('h2', {}, 'Incidents'),
    form,
    el('p', { class: 'muted', id: 'incident-mode' }, similar
      ? `Most similar to the search first (incident memory)${search.service ? `, service ${search.service}` : ''}.`
      : `Newest first, ${data.incidents.length} shown of ${data.scanned} read${data.truncated ? ' (more are stored than the listing reads: older ones may be missing; search instead)' : ''}.`),
    table(headers, rows, 'No incident matches.'));
}

async function detail(api, id) {
  const data = await api(`/incidents/${encodeURIComponent(id)}`);
  const i = data.incident;
  const telemetry = Object.entries(i.telemetry || {}).map(([k, v]) => `${k}=${num(v, 3)}`).join(', ') || '–';
  const outcomes = data.outcomes.map(o => [
    el('span', { class: 'mono' }, o.id), when(o.recordedAt), o.recordedBy,
    badge(o.success ? 'resolved' : 'did not resolve', o.success ? 'ok' : 'bad'),
    (o.actions || []).map(a => `${a.action} on ${(a.targets || []).join(', ')}${a.detail ? ` (${a.detail})` : ''}`).join('; '),
    `${num(o.resolutionMinutes, 1)} min`,
    el('span', { class: 'data lessons' }, o.lessons ?? ''),
  ]);
  return el('div', { class: 'incident', 'data-incident-id': i.id },
    el('p', {}, el('a', { href: '#/incidents' }, '← all incidents')),
    el('h2', {}, el('span', { class: 'data title' }, i.title)),
    el('table', { class: 'facts' }, el('tbody', {}, [
      ['id', el('code', {}, i.id)], ['service', i.service], ['severity', badge(i.severity)],
      ['started', when(i.startedAt)], ['resolved', when(i.resolvedAt)], ['recorded', `${when(i.recordedAt)} by ${i.recordedBy}`],
      ['description', el('span', { class: 'data description' }, i.description)], ['symptoms', el('span', { class: 'data symptoms' }, i.symptoms)],
      ['root cause', el('span', { class: 'data root-cause' }, i.rootCause ?? '–')], ['telemetry', telemetry], ['tags', (i.tags || []).join(', ') || '–'],
    ].map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))),
    el('h3', {}, `Outcomes (${data.outcomes.length})`),
    table(['id', 'recorded (UTC)', 'by', 'result', 'actions', 'took', 'lessons'], outcomes, 'No outcome recorded yet.'));
}
