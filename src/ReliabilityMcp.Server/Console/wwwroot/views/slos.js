import { badge, el, num, table, when } from '../dom.js';
import { bar, lineChart } from '../chart.js';

// SLOs with error budget and burn rates. The charts are drawn from what this page sampled since it was opened
// (every refresh), not from a stored history: they say so.
const history = new Map(); // "service/name" -> [{ t, budget, burn5m, burn1h }]
const maxSamples = 720;
let openedAt = null;

export const slos = {
  id: 'slos',
  title: 'SLOs',
  refreshSeconds: 5,
  async render({ api }) {
    const data = await api('/slos');
    const t = Date.now();
    openedAt ??= t;
    for (const s of data.slos) {
      const key = `${s.service}/${s.name}`;
      const samples = history.get(key) ?? [];
      samples.push({ t, budget: s.budgetRemainingFraction, burn5m: burn(s, '5m'), burn1h: burn(s, '1h') });
      if (samples.length > maxSamples) samples.shift();
      history.set(key, samples);
    }
    return el('div', {},
      el('h2', {}, 'SLOs'),
      el('p', { class: 'muted' }, `Evaluated ${when(data.evaluatedAt)}. Charts: samples taken by this page every 5 s since ${when(new Date(openedAt).toISOString())} (not stored history).`),
      data.storeProblem ? el('p', { class: 'error', role: 'alert' }, `The counters could not be read: ${data.storeProblem}`) : null,
      data.slos.length === 0 ? el('p', { class: 'muted' }, 'No SLO is configured.') : el('div', { class: 'cards' }, data.slos.map(card)));
  },
};

function burn(s, window) {
  const rate = (s.burnRates || []).find(b => b.window === window);
  return rate ? rate.rate : null;
}

function card(s) {
  const key = `${s.service}/${s.name}`;
  const samples = history.get(key) ?? [];
  const sli = s.sli === null || s.sli === undefined ? '–' : `${num(s.sli * 100, 3)}%`;
  const objective = `${num(s.objective, 3)}% over ${s.windowDays}d${s.sliKind === 'latency' ? ` (≤ ${num(s.latencyThresholdMs, 0)} ms)` : ''}`;
  return el('div', { class: 'card slo', 'data-slo': key },
    el('h3', {}, el('span', { class: 'slo-name' }, key), ' ', badge(s.verdict, s.verdict === 'ok' ? 'ok' : s.verdict), ' ',
      el('span', { class: 'alert-tier' }, badge(`alert: ${s.alert}`, s.alert))),
    el('p', {}, `${s.sliKind} SLI `, el('strong', { class: 'sli' }, sli), ` · objective ${objective}`,
      s.lowTraffic ? el('span', {}, ' · ', badge('low traffic', 'low_traffic')) : null),
    el('p', { class: 'budget' }, `Error budget left: `, el('strong', { class: 'budget-left' }, `${num(s.budgetRemainingFraction * 100, 1)}%`),
      ` (${num(s.budgetRemainingEvents, 0)} of ${num(s.budgetTotalEvents, 0)} bad events)`,
      s.hoursToExhaustion !== null && s.hoursToExhaustion !== undefined ? ` · spent in ${num(s.hoursToExhaustion, 1)} h at the 1 h burn` : ''),
    bar(s.budgetRemainingFraction, `error budget left ${num(s.budgetRemainingFraction * 100, 1)}%`),
    table(['window', 'burn rate', 'bad / total'], (s.burnRates || []).map(b => [
      b.window, el('span', { class: 'burn' }, num(b.rate, 2)), `${num(b.bad, 0)} / ${num(b.total, 0)}${b.lowTraffic ? ' (low traffic)' : ''}`])),
    el('div', { class: 'charts' },
      lineChart(samples.map(p => ({ t: p.t, v: p.burn1h })), {
        title: 'burn rate 1h (this page)', format: v => num(v, 1),
        thresholds: [{ value: 14.4, label: 'page: 14.4× over 1h' }].filter(x => samples.some(p => p.burn1h > x.value / 4)),
      }),
      lineChart(samples.map(p => ({ t: p.t, v: Math.max(0, p.budget) * 100 })), { title: 'budget left % (this page)', format: v => num(v, 0) })));
}
