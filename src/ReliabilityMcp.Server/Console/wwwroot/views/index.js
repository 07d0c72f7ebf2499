// The console's views, in navigation order. Each: { id, title, refreshSeconds?, render({ api, refresh }) -> Node }.
import { decisions } from './decisions.js';
import { resources } from './resources.js';
import { approvals } from './approvals.js';
import { slos } from './slos.js';
import { incidents } from './incidents.js';
import { chaos } from './chaos.js';
import { audit } from './audit.js';
import { configuration } from './configuration.js';

export const views = [decisions, resources, approvals, slos, incidents, chaos, audit, configuration];
