import { badge, el, num, table, when } from '../dom.js';

// Chaos experiments: status, score, timeline, and why one was aborted. #/chaos lists; #/chaos/<id> shows one.
const terminalOk = new Set(['completed']);
const terminalBad = new Set(['aborted', 'steady_state_failed', 'failed', 'interrupted']);

function statusBadge(status) {
  return badge(status, terminalOk.has(status) ? 'ok' : terminalBad.has(status) ? 'bad' : 'warn');
}

export const chaos = {
  id: 'chaos',
  title: 'Chaos experiments',
  refreshSeconds: 5,
  async render({ api }) {
    const id = decodeURIComponent(location.hash.replace(/^#\/chaos\/?/, ''));
    return id ? detail(api, id) : list(api);
  },
};

async function list(api) {
  const experiments = await api('/chaos/experiments?count=100');
  const rows = experiments.map(e => [
    el('a', { href: `#/chaos/${encodeURIComponent(e.id)}`, class: 'mono' }, e.id),
    when(e.createdAt), e.template, e.target, e.principal, statusBadge(e.status),
    el('span', { class: 'score' }, num(e.result?.resilienceScore, 1)),
    el('span', { class: 'data reason' }, e.aborted || e.reason ? e.reason ?? 'aborted' : ''),
  ]);
  return el('div', {},
    el('h2', {}, 'Chaos experiments'),
    el('p', { class: 'muted' }, 'Newest first; refreshed every 5 s.'),
    table(['id', 'created (UTC)', 'template', 'target', 'requested by', 'status', 'score', 'aborted / why'], rows, 'No experiment has run yet.'));
}

async function detail(api, id) {
  const view = await api(`/chaos/experiments/${encodeURIComponent(id)}`);
  const e = view.experiment;
  const r = e.result || {};
  const facts = [
    ['id', el('code', {}, e.id)], ['template', e.template], ['target', e.target], ['requested by', e.principal],
    ['approved by', (e.approvedBy || []).join(', ') || '–'], ['status', statusBadge(view.status)],
    ['duration', `${e.durationSeconds} s`], ['created', when(e.createdAt)], ['injected', when(e.injectedAt)],
    ['faults removed', when(e.faultsRemovedAt)], ['ended', when(e.endedAt)],
    ['steady state', e.steadyStateOk === null || e.steadyStateOk === undefined ? '–' : e.steadyStateOk ? 'held' : el('span', { class: 'data' }, `did not hold: ${e.steadyStateDetail ?? ''}`)],
    ['aborted', e.aborted ? el('span', { class: 'data reason' }, `yes: ${e.reason ?? ''}`) : 'no'],
    ['reason', el('span', { class: 'data' }, e.reason ?? '–')],
    ['resilience score', el('span', { class: 'score' }, num(r.resilienceScore, 1))],
    ['success before / during', `${num(r.successRatioBefore, 3)} / ${num(r.successRatioDuring, 3)}`],
    ['degradation', r.degradationPercent === null || r.degradationPercent === undefined ? '–' : `${num(r.degradationPercent, 1)}%`],
    ['p95 before / during', `${num(r.latencyP95BeforeMs, 0)} / ${num(r.latencyP95DuringMs, 0)} ms`],
    ['recovery', r.recoverySeconds === null || r.recoverySeconds === undefined ? '–' : `${num(r.recoverySeconds, 1)} s`],
    ['error budget used', `${e.errorBudgetConsumed === null || e.errorBudgetConsumed === undefined ? '–' : `${num(e.errorBudgetConsumed * 100, 2)}%`} ${e.errorBudgetNote ? `(${e.errorBudgetNote})` : ''}`],
  ];
  const timeline = view.timeline.map(t => [when(t.at), el('span', { class: 'step' }, t.step), el('span', { class: 'data' }, t.detail)]);
  const faults = (e.faults || []).map(f => [f.target, el('code', {}, f.faultId), String(f.type), when(f.expiresAt)]);
  return el('div', { class: 'experiment', 'data-experiment-id': e.id },
    el('p', {}, el('a', { href: '#/chaos' }, '← all experiments')),
    el('h2', {}, `${e.template} on ${e.target}`),
    el('table', { class: 'facts' }, el('tbody', {}, facts.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))),
    el('h3', {}, 'Timeline'),
    el('div', { class: 'timeline' }, table(['time (UTC)', 'step', 'detail'], timeline, 'No step yet.')),
    el('h3', {}, 'Faults'),
    table(['target', 'fault', 'type', 'expires (UTC)'], faults, 'No fault was placed.'),
    el('p', { class: 'muted' }, `${(e.samples || []).length} probe samples recorded.`));
}
