import { badge, el, table, when } from '../dom.js';

// Recent tool calls with the guard's decision, newest first, read from the audit trail (every decision is audited).
export const decisions = {
  id: 'decisions',
  title: 'Recent tool calls',
  refreshSeconds: 5,
  async render({ api }) {
    const head = await api('/audit?from=1&count=1');
    const from = Math.max(1, head.total - 199);
    const page = head.total === 0 ? { entries: [] } : await api(`/audit?from=${from}&count=200`);
    const rows = page.entries.slice().reverse().map(e => [
      el('span', { class: 'mono' }, String(e.sequence)),
      when(e.record.time),
      e.record.principal,
      el('code', {}, e.record.tool),
      badge(e.record.decision),
      el('span', { class: 'data' }, e.record.detail),
    ]);
    return el('div', {},
      el('h2', {}, 'Recent tool calls and guard decisions'),
      el('p', { class: 'muted' }, `${head.total} audited calls in total; the latest 200 are shown, newest first.`),
      table(['#', 'time (UTC)', 'principal', 'tool', 'decision', 'detail'], rows, 'No tool call has been audited yet.'));
  },
};
