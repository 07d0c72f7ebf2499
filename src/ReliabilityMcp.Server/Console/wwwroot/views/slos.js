import { badge, el, num, table, when } from '../dom.js';
import { bar, lineChart } from '../chart.js';

// SLOs with error budget and burn rates. The charts show the last hour per minute, recomputed by the server from
// the stored buckets (GET /api/slos/history); that read is heavier, so it is refreshed once a minute, while the
// figures above the charts refresh every 5 s.
let history = { at: 0, series: new Map() }; // "service/name" -> [{ at, budgetRemainingFraction, burnRate5m, burnRate1h }]
const historyMs = 60_000;

export const slos = {
  id: 'slos',
  title: 'SLOs',
  refreshSeconds: 5,
  async render({ api }) {
    const [data] = await Promise.all([api('/slos'), loadHistory(api)]);
    return el('div', {},
      el('h2', {}, 'SLOs'),
      el('p', { class: 'muted' }, `Evaluated ${when(data.evaluatedAt)}; charts: the last 60 minutes per minute from the store, as of ${when(new Date(history.at).toISOString())}.`),
      data.storeProblem ? el('p', { class: 'error', role: 'alert' }, `The counters could not be read: ${data.storeProblem}`) : null,
      data.slos.length === 0 ? el('p', { class: 'muted' }, 'No SLO is configured.') : el('div', { class: 'cards' }, data.slos.map(card)));
  },
};

async function loadHistory(api) {
  if (Date.now() - history.at < historyMs) return;
  const series = await api('/slos/history?minutes=60');
  history = { at: Date.now(), series: new Map(series.map(s => [`${s.service}/${s.name}`, s.points])) };
}

function burn(s, window) {
  const rate = (s.burnRates || []).find(b => b.window === window);
  return rate ? rate.rate : null;
}

function card(s) {
  const key = `${s.service}/${s.name}`;
  const points = (history.series.get(key) ?? []).map(p => ({ ...p, t: Date.parse(p.at) }));
  const sli = s.sli === null || s.sli === undefined ? '–' : `${num(s.sli * 100, 3)}%`;
  const objective = `${num(s.objective, 3)}% over ${s.windowDays}d${s.sliKind === 'latency' ? ` (≤ ${num(s.latencyThresholdMs, 0)} ms)` : ''}`;
  return el('div', { class: 'card slo', 'data-slo': key },
    el('h3', {}, el('span', { class: 'slo-name' }, key), ' ', badge(s.verdict, s.verdict === 'ok' ? 'ok' : s.verdict), ' ',
      el('span', { class: 'alert-tier' }, badge(`alert: ${s.alert}`, s.alert))),
    el('p', {}, `${s.sliKind} SLI `, el('strong', { class: 'sli' }, sli), ` · objective ${objective}`,
      s.lowTraffic && s.verdict !== 'low_traffic' ? el('span', {}, ' · ', badge('low traffic', 'low_traffic')) : null),
    s.budgetRemainingFraction > 0
      ? el('p', { class: 'budget' }, `Error budget left: `, el('strong', { class: 'budget-left' }, `${num(s.budgetRemainingFraction * 100, 1)}%`),
        ` (${num(s.budgetRemainingEvents, 0)} of ${num(s.budgetTotalEvents, 0)} bad events)`,
        s.hoursToExhaustion !== null && s.hoursToExhaustion !== undefined ? ` · spent in ${num(s.hoursToExhaustion, 1)} h at the 1 h burn` : '')
      // Overspent: say how many budgets were spent, never a negative percentage.
      : el('p', { class: 'budget' }, `Error budget: `, el('strong', { class: 'budget-left' }, overspent(s.budgetRemainingFraction)),
        ` (${num(s.budgetTotalEvents - s.budgetRemainingEvents, 0)} bad events against a budget of ${num(s.budgetTotalEvents, 0)})`),
    bar(Math.max(0, s.budgetRemainingFraction), s.budgetRemainingFraction > 0 ? `error budget left ${num(s.budgetRemainingFraction * 100, 1)}%` : overspent(s.budgetRemainingFraction)),
    table(['window', 'burn rate', 'bad / total'], (s.burnRates || []).map(b => [
      b.window, el('span', { class: 'burn' }, num(b.rate, 2)), `${num(b.bad, 0)} / ${num(b.total, 0)}${b.lowTraffic ? ' (low traffic)' : ''}`])),
    el('div', { class: 'charts' },
      lineChart(points.map(p => ({ t: p.t, v: p.burnRate1h })), {
        title: 'burn rate 1h, last hour', format: v => num(v, 1),
        // The page-alert threshold, drawn only when the burn comes near it (else it would flatten the line).
        thresholds: [{ value: 14.4, label: 'page: 14.4× over 1h' }].filter(x => points.some(p => p.burnRate1h > x.value / 4)),
      }),
      lineChart(points.map(p => ({ t: p.t, v: p.burnRate5m })), { title: 'burn rate 5m, last hour', format: v => num(v, 1) }),
      lineChart(points.map(p => ({ t: p.t, v: Math.max(0, p.budgetRemainingFraction) * 100 })), { title: 'budget left %, last hour', format: v => num(v, 0), max: 100 })));
}

// The same words as the server's ErrorBudgetText: "exhausted", or "exhausted, overspent N×" from 1.05 budgets spent.
function overspent(remainingFraction) {
  const spent = 1 - remainingFraction;
  return spent < 1.05 ? 'exhausted' : `exhausted, overspent ${num(spent, 1)}×`;
}
