// DOM helpers. Every piece of data goes in through textContent or attributes, never innerHTML: incident text,
// justifications and audit details are written by others and must stay data.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function badge(text, kind = text) {
  return el('span', { class: `badge ${String(kind).toLowerCase()}` }, text);
}

export function table(headers, rows, emptyText = 'Nothing here yet.') {
  if (rows.length === 0) return el('p', { class: 'muted' }, emptyText);
  return el('table', {},
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c))))));
}

export function num(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function when(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
