import { badge, el, num, when } from '../dom.js';

// Pending approvals with their full context, and approve/reject with a comment through the operator API.
// The justification and summary are written by the requester: they go in as text, never markup.
let lastResult = null;

export const approvals = {
  id: 'approvals',
  title: 'Pending approvals',
  async render({ api, refresh }) {
    const listing = await api('/approvals');
    const decide = async (approval, verb, comment, form) => {
      for (const button of form.querySelectorAll('button')) button.disabled = true;
      try {
        const result = await api(`/approvals/${encodeURIComponent(approval.approvalId)}/${verb}`, { method: 'POST', body: { comment } });
        // An approval that ran shows how it ended (completed, failed, rolled_back, unknown), not only that it ran.
        const status = result.status === 'executed' && result.approval?.state ? result.approval.state : result.status;
        lastResult = { approvalId: approval.approvalId, status, message: result.message };
      } catch (error) {
        // Refusals (403) and conflicts (409: expired, no longer pending, guard now denies) carry the server's status and message.
        lastResult = { approvalId: approval.approvalId, status: typeof error.body?.status === 'string' ? error.body.status : 'failed', message: error.body?.message ?? error.message };
      }
      await refresh();
    };
    return el('div', {},
      el('h2', {}, 'Pending approvals'),
      lastResult ? el('p', { id: 'decision-result', role: 'status' },
        badge(lastResult.status, ['completed', 'recorded', 'rejected'].includes(lastResult.status) ? 'ok' : 'bad'), ' ',
        el('code', {}, lastResult.approvalId), ': ', el('span', { class: 'data' }, lastResult.message)) : null,
      el('div', { class: 'toolbar' },
        el('span', { class: 'muted' }, `${listing.count} pending, soonest expiry first.`),
        // No timed refresh here: it would wipe a comment being typed.
        el('button', { type: 'button', id: 'approvals-reload', onclick: () => { lastResult = null; refresh(); } }, 'Reload')),
      listing.pending.length === 0
        ? el('p', { class: 'muted' }, 'Nothing is waiting for approval.')
        : el('div', { class: 'cards' }, listing.pending.map(a => card(a, decide))));
  },
};

function card(a, decide) {
  const comment = el('textarea', { name: 'comment', rows: 2, maxlength: 1000, required: true, placeholder: 'Why (required, recorded in the audit trail)' });
  const form = el('form', { class: 'decision' }, comment,
    el('div', { class: 'toolbar' },
      el('button', { type: 'submit', class: 'primary', 'data-verb': 'approve' }, 'Approve'),
      el('button', { type: 'submit', class: 'danger', 'data-verb': 'reject' }, 'Reject')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const verb = event.submitter?.dataset.verb === 'reject' ? 'reject' : 'approve';
    decide(a, verb, comment.value.trim(), form);
  });
  return el('div', { class: 'card approval', 'data-approval-id': a.approvalId },
    el('h3', {}, el('code', {}, a.action), ' on ', a.targets.join(', '), ' ', badge(a.risk), ' ', badge(a.state)),
    facts([
      ['id', el('code', {}, a.approvalId)],
      ['kind', a.kind],
      ['requester', el('span', { class: 'requester' }, a.requester)],
      ['justification', el('span', { class: 'data justification' }, a.justification)],
      ['confidence', num(a.confidence)],
      ['policy', a.policy ?? '–'],
      ['risk reasons', (a.riskReasons || []).join('; ') || '–'],
      ['blast radius', el('span', { class: 'blast-radius' }, (a.blastRadius || []).join(', '))],
      ['guard', el('span', { class: 'data guard-summary' }, a.guardSummary)],
      ['approvers', el('span', { class: 'approvers' }, `${a.approvers.length} of ${a.approversNeeded}${a.approvers.length ? `: ${a.approvers.join(', ')}` : ''}`)],
      ['requested', when(a.createdAt)],
      ['expires', el('span', { class: 'expires' }, when(a.expiresAt))],
      ['summary', el('span', { class: 'data' }, a.summary)],
    ]),
    form);
}

function facts(rows) {
  return el('table', { class: 'facts' }, el('tbody', {}, rows.map(([name, value]) => el('tr', {}, el('th', {}, name), el('td', {}, value)))));
}
