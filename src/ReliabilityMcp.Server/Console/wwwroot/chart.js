// Small inline SVG charts, drawn with attributes only (no library, no markup strings).
const ns = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(ns, tag);
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  for (const child of children.flat()) if (child) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// A horizontal bar for a 0..1 share (clamped), e.g. error budget left.
export function bar(fraction, label) {
  const share = Math.max(0, Math.min(1, Number(fraction) || 0));
  const kind = share <= 0 ? 'bad' : share < 0.25 ? 'warn' : 'ok';
  return svg('svg', { class: `bar ${kind}`, viewBox: '0 0 100 8', preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
    svg('rect', { class: 'bar-back', x: 0, y: 0, width: 100, height: 8 }),
    svg('rect', { class: 'bar-fill', x: 0, y: 0, width: (share * 100).toFixed(2), height: 8 }));
}

// A line chart of points [{ t: ms, v: number }] with optional dashed thresholds; y from 0 to max (given, or the
// largest value or threshold).
export function lineChart(points, { title, thresholds = [], format = v => String(v), max: fixedMax } = {}) {
  const width = 320, height = 120, left = 34, right = 6, top = 14, bottom = 16;
  const values = points.map(p => p.v).filter(Number.isFinite);
  const max = fixedMax ?? Math.max(1e-9, ...values, ...thresholds.map(t => t.value));
  const t0 = points.length ? points[0].t : 0;
  const t1 = points.length ? points[points.length - 1].t : 1;
  const x = t => left + (t1 === t0 ? (width - left - right) : (t - t0) / (t1 - t0) * (width - left - right));
  const y = v => top + (1 - v / max) * (height - top - bottom);
  const path = points.filter(p => Number.isFinite(p.v)).map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  return svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title },
    svg('text', { x: left, y: 10 }, title),
    svg('text', { x: 2, y: top + 4 }, format(max)),
    svg('text', { x: 2, y: height - bottom }, format(0)),
    svg('line', { class: 'axis', x1: left, y1: height - bottom, x2: width - right, y2: height - bottom }),
    thresholds.map(t => svg('line', { class: 'threshold', x1: left, x2: width - right, y1: y(t.value), y2: y(t.value) },
      svg('title', {}, t.label))),
    points.length > 1 ? svg('path', { class: 'line', d: path }) : null,
    points.length === 1 ? svg('circle', { class: 'dot', cx: x(points[0].t), cy: y(points[0].v), r: 2 }) : null,
    svg('text', { x: left, y: height - 3 }, points.length ? new Date(t0).toISOString().slice(11, 19) : ''),
    svg('text', { x: width - right, y: height - 3, 'text-anchor': 'end' }, points.length ? new Date(t1).toISOString().slice(11, 19) + 'Z' : ''));
}
