import { el, table } from '../dom.js';

// The reliability configuration in force: policies, the service graph, and the reload state.
export const configuration = {
  id: 'configuration',
  title: 'Configuration',
  async render({ api }) {
    const data = await api('/configuration');
    const config = data.configuration;
    const errors = data.lastReloadErrors || [];
    const policies = (config.policies || []).map(p => [
      p.name, String(p.priority), p.enabled ? 'yes' : 'no',
      (p.conditions || []).map(c => `${c.metric} ${c.operator} ${c.threshold}`).join(' AND '),
      (p.actions || []).join(', '), `${p.cooldownSeconds} s`, String(p.maxExecutionsPerHour),
    ]);
    const services = Object.entries(config.services || {}).map(([name, s]) => [
      name, (s.dependsOn || []).join(', ') || '–', s.criticality ?? '–', s.dataSensitivity ?? '–', String(s.replicas ?? '–'),
    ]);
    return el('div', {},
      el('h2', {}, 'Configuration in force'),
      el('p', { class: 'muted' }, `${data.path} · version ${data.version}`),
      errors.length ? el('p', { class: 'error' }, `The last reload was rejected (the previous file stays in force): ${errors.map(e => `${e.path}: ${e.message}`).join('; ')}`) : null,
      el('h3', {}, 'Healing policies'),
      table(['name', 'priority', 'enabled', 'conditions', 'actions', 'cooldown', 'max/hour'], policies),
      el('h3', {}, 'Service graph'),
      table(['service', 'depends on', 'criticality', 'data sensitivity', 'replicas'], services));
  },
};
