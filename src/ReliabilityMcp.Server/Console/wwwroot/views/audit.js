import { badge, el, table, when } from '../dom.js';

// The hash-chained audit trail, paged, with the result of verifying the whole chain.
let from = 1;
const pageSize = 100;

export const audit = {
  id: 'audit',
  title: 'Audit trail',
  async render({ api, refresh }) {
    const [verification, page] = await Promise.all([api('/audit/verify'), api(`/audit?from=${from}&count=${pageSize}`)]);
    const status = verification.valid
      ? badge(`chain verified: ${verification.entriesChecked} entries`, 'ok')
      : badge(`chain BROKEN at #${verification.firstBrokenSequence}: ${verification.problem}`, 'bad');
    const rows = page.entries.map(e => [
      el('span', { class: 'mono' }, String(e.sequence)),
      when(e.record.time),
      e.record.principal,
      el('code', {}, e.record.tool),
      badge(e.record.decision),
      el('span', { class: 'data' }, e.record.detail),
      el('span', { class: 'mono', title: `previous ${e.previousHash}` }, e.hash.slice(0, 12)),
    ]);
    const go = async next => { from = next; await refresh(); };
    return el('div', {},
      el('h2', {}, 'Audit trail'),
      el('div', { class: 'toolbar' }, status,
        el('button', { type: 'button', disabled: from <= 1, onclick: () => go(Math.max(1, from - pageSize)) }, '← older'),
        el('span', { class: 'muted' }, `entries ${page.total === 0 ? 0 : from}–${from + page.entries.length - 1} of ${page.total}`),
        el('button', { type: 'button', disabled: page.next === null, onclick: () => go(page.next) }, 'newer →')),
      table(['#', 'time (UTC)', 'principal', 'tool', 'decision', 'detail', 'hash'], rows, 'The audit trail is empty.'));
  },
};
