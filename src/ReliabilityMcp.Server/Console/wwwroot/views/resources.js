import { badge, el, num, table, when } from '../dom.js';

// Resources: every service's live health probe next to what the AppHost reports about the process behind it.
// Read-only on purpose: restarts and scaling go through execute_remediation and approvals, never a button here.
const stateKind = { running: 'ok', starting: 'warn', restarting: 'warn', stopping: 'warn', unhealthy: 'bad', stopped: 'bad', failed: 'bad' };

function health(r) {
  if (r.probe) return badge(r.probe.healthy ? 'healthy' : 'unhealthy', r.probe.healthy ? 'ok' : 'bad');
  if (r.process) return badge(r.process.healthy ? 'healthy' : 'unhealthy', r.process.healthy ? 'ok' : 'bad');
  return el('span', { class: 'muted' }, 'no check');
}

function cell(className, ...content) {
  return el('td', { class: className }, ...content);
}

export const resources = {
  id: 'resources',
  title: 'Resources',
  refreshSeconds: 5,
  async render({ api }) {
    const overview = await api('/resources');
    const rows = overview.resources.map(r => {
      const p = r.process;
      return [
        cell('name', el('strong', {}, r.name), p && p.replicaOf ? el('span', { class: 'muted' }, ` replica of ${p.replicaOf}`) : null),
        cell('state', p ? badge(p.state, stateKind[p.state] || 'warn') : el('span', { class: 'muted' }, 'not managed')),
        cell('health', health(r)),
        cell('pid', p && p.pid !== null && p.pid !== undefined ? String(p.pid) : '–'),
        cell('restarts', p ? String(p.restarts) : '–'),
        cell('replicas', p ? `${p.replicas} / ${p.maxReplicas}` : '–'),
        cell('latency', r.probe ? `${num(r.probe.latencyMs, 0)} ms` : '–'),
        cell('since', p ? when(p.since) : '–'),
        cell('detail', r.probe ? el('span', { class: 'data' }, r.probe.detail) : ''),
      ];
    });
    const node = el('div', {},
      el('h2', {}, 'Resources'),
      controlPlane(overview.controlPlane),
      el('p', { class: 'muted' }, `Health probed ${when(overview.checkedAt)}; refreshed every 5 s. Changes go through execute_remediation and approvals.`),
      table(['name', 'state', 'health', 'pid', 'restarts', 'replicas', 'probe latency', 'since (UTC)', 'probe detail'], rows, 'No service is configured.'));
    // Rows carry their resource name so a reader (or a test) can find one without counting.
    node.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-resource', overview.resources[i].name));
    return node;
  },
};

function controlPlane(status) {
  if (!status) return el('p', { class: 'control-plane muted' }, 'No process executor is configured: only health probes are shown.');
  if (status.error) {
    return el('p', { class: 'control-plane error', role: 'alert' },
      `AppHost control API at ${status.url} (executor ${status.executor}): `, el('span', { class: 'data' }, status.error));
  }
  return el('p', { class: 'control-plane' }, `AppHost control API at ${status.url} (executor ${status.executor}): reachable.`);
}
