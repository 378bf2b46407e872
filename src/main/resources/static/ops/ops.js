// The ops page: reads the same ops API as scripts (/ops/api/*), refreshed every few seconds.
// Absolute URLs from location.origin: a page opened as http://user:pass@host/ops/ must not resolve
// requests with the credentials in them (browsers refuse those).
(function () {
  'use strict';
  const api = path => location.origin + '/ops/api/' + path;
  const REFRESH_MS = 5000;
  const SERIES = [
    { key: 'delivered', label: 'delivered', color: '#1b7f3a' },
    { key: 'retried', label: 'retried', color: '#d08a00' },
    { key: 'deadLettered', label: 'dead-lettered', color: '#b3261e' }
  ];
  const $ = id => document.getElementById(id);

  async function call(method, path) {
    // X-Requested-By: the hub refuses state-changing ops calls without it (a cross-site form cannot send it)
    const response = await fetch(api(path), { method, headers: { Accept: 'application/json', 'X-Requested-By': 'ops-page' } });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* no body */ }
      throw new Error(method + ' ' + path + ': ' + response.status + ' ' + detail);
    }
    return response.status === 204 ? null : response.json();
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => {
      if (k === 'onclick') node.addEventListener('click', v); else node.setAttribute(k, v);
    });
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  }

  function say(text) { $('message').textContent = text || ''; }

  function time(value) { return value ? new Date(value).toLocaleTimeString() : ''; }

  function renderSystems(systems, activity) {
    const body = $('systems').tBodies[0];
    body.replaceChildren(...systems.map(s => {
      const minutes = (activity.systems[s.name] || []);
      const last = minutes[minutes.length - 1] || {};
      const state = !s.enabled ? 'disabled' : s.suspended ? 'suspended' : 'running';
      const action = s.suspended
        ? el('button', { id: 'resume-' + s.name, onclick: () => control(s.name, 'resume') }, 'resume')
        : el('button', { id: 'suspend-' + s.name, onclick: () => control(s.name, 'suspend') }, 'suspend');
      return el('tr', { 'data-system': s.name },
        el('td', {}, s.name), el('td', { class: s.health }, s.health), el('td', { class: state }, state),
        el('td', { class: 'num' }, s.counts.delivered), el('td', { class: 'num' }, s.counts.retried),
        el('td', { class: 'num' }, s.counts.deadLettered), el('td', { class: 'num' }, s.counts.deadLettersWaiting),
        el('td', { class: 'num' }, s.counts.kafkaLag == null ? '—' : s.counts.kafkaLag),
        el('td', {}, (last.delivered || 0) + ' / ' + (last.retried || 0) + ' / ' + (last.deadLettered || 0)),
        el('td', {}, s.lastError ? s.lastError + ' at ' + time(s.lastFailure) : ''),
        el('td', {}, s.enabled ? action : ''));
    }));
    const routes = systems.flatMap(s => s.routes.map(r => Object.assign({ system: s.name }, r)));
    $('routes').tBodies[0].replaceChildren(...routes.map(r => el('tr', { 'data-route': r.id },
      el('td', {}, r.id), el('td', {}, r.system), el('td', { class: 'muted' }, r.from), el('td', { class: r.status }, r.status),
      el('td', { class: 'num' }, r.inflight), el('td', { class: 'num' }, r.exchanges), el('td', { class: 'num' }, r.failures))));
    const select = $('dl-system');
    systems.forEach(s => {
      if (![...select.options].some(o => o.value === s.name)) select.append(el('option', { value: s.name }, s.name));
    });
  }

  // One SVG line chart per system: three series over the last hour's minutes.
  function renderCharts(activity) {
    const width = 520, height = 160, pad = 28;
    const charts = Object.entries(activity.systems).map(([system, minutes]) => {
      const max = Math.max(1, ...minutes.flatMap(m => SERIES.map(s => m[s.key])));
      const x = i => pad + i * (width - pad - 8) / Math.max(1, minutes.length - 1);
      const y = v => height - pad + 6 - v * (height - pad - 4) / max;
      const ns = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(ns, 'svg');
      svg.setAttribute('width', width); svg.setAttribute('height', height);
      svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', system + ' activity per minute');
      const line = (x1, y1, x2, y2, color) => {
        const l = document.createElementNS(ns, 'line');
        [['x1', x1], ['y1', y1], ['x2', x2], ['y2', y2], ['stroke', color]].forEach(([k, v]) => l.setAttribute(k, v));
        svg.append(l);
      };
      const text = (tx, ty, value, anchor) => {
        const t = document.createElementNS(ns, 'text');
        t.setAttribute('x', tx); t.setAttribute('y', ty); t.setAttribute('font-size', '10'); t.setAttribute('fill', '#667');
        t.setAttribute('text-anchor', anchor || 'start'); t.textContent = value; svg.append(t);
      };
      line(pad, y(0), width - 8, y(0), '#ccd');
      line(pad, y(max), width - 8, y(max), '#eef');
      text(pad - 4, y(max) + 3, max, 'end'); text(pad - 4, y(0) + 3, 0, 'end');
      text(pad, height - 4, '-60 min'); text(width - 8, height - 4, 'now', 'end');
      SERIES.forEach(series => {
        const path = document.createElementNS(ns, 'polyline');
        path.setAttribute('fill', 'none'); path.setAttribute('stroke', series.color); path.setAttribute('stroke-width', '2');
        path.setAttribute('data-series', series.key);
        path.setAttribute('points', minutes.map((m, i) => x(i).toFixed(1) + ',' + y(m[series.key]).toFixed(1)).join(' '));
        svg.append(path);
      });
      const legend = el('div', { class: 'legend' }, SERIES.map(s => {
        const total = minutes.reduce((sum, m) => sum + m[s.key], 0);
        const swatch = el('i', {}); swatch.style.background = s.color;
        return el('span', {}, swatch, s.label + ' ' + total);
      }));
      return el('div', { class: 'chart', 'data-system': system }, el('h3', {}, system), svg, legend);
    });
    $('charts').replaceChildren(...charts);
  }

  async function renderDeadLetters() {
    const system = $('dl-system').value, status = $('dl-status').value;
    const page = await call('GET', 'dead-letters?size=100&status=' + encodeURIComponent(status)
      + (system ? '&system=' + encodeURIComponent(system) : ''));
    $('dl-total').textContent = page.total + ' ' + (status === 'all' ? 'in all' : status);
    $('dead-letters').tBodies[0].replaceChildren(...page.items.map(d => el('tr', { 'data-dead-letter': d.id },
      el('td', {}, d.id), el('td', {}, d.target), el('td', {}, d.eventType), el('td', {}, d.subject),
      el('td', {}, d.errorMessage), el('td', { class: 'num' }, d.attempts), el('td', {}, time(d.lastFailedAt)),
      el('td', {}, d.status),
      el('td', {},
        el('button', { class: 'detail', onclick: () => showDetail(d.id) }, 'detail'), ' ',
        d.status === 'waiting' ? el('button', { class: 'replay', onclick: () => act('POST', 'dead-letters/' + d.id + '/replay', 'replay sent for ' + d.id) }, 'replay') : '', ' ',
        d.status === 'waiting' || d.status === 'replaying'
          ? el('button', { class: 'discard', onclick: () => confirm('Discard dead letter ' + d.id + '?') && act('DELETE', 'dead-letters/' + d.id, 'discarded ' + d.id) }, 'discard') : ''))));
  }

  async function showDetail(id) {
    try {
      const d = await call('GET', 'dead-letters/' + id);
      $('dl-detail-id').textContent = d.id + ' (' + d.target + ', ' + d.status + ', ' + d.replays + ' replays)';
      $('dl-detail-error').textContent = d.errorType + ': ' + d.errorMessage + '\npermanent: ' + d.permanent
        + '\nattempts: ' + d.attempts + '\nfirst failed: ' + d.firstFailedAt + '\nlast failed: ' + d.lastFailedAt;
      $('dl-detail-history').textContent = JSON.stringify(d.history, null, 2);
      let payload = d.payload;
      try { payload = JSON.stringify(JSON.parse(d.payload), null, 2); } catch (e) { /* not JSON */ }
      $('dl-detail-payload').textContent = payload;
      $('dl-detail-headers').textContent = JSON.stringify(d.headers, null, 2);
      $('dl-detail').hidden = false;
    } catch (e) { say(e.message); }
  }

  async function act(method, path, done) {
    try { await call(method, path); say(done); } catch (e) { say(e.message); }
    refresh();
  }

  function control(system, action) { act('POST', 'systems/' + system + '/' + action, system + ' ' + action + 'd'); }

  let refreshing = false;
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const [systems, activity] = await Promise.all([call('GET', 'systems'), call('GET', 'activity')]);
      renderSystems(systems, activity);
      renderCharts(activity);
      await renderDeadLetters();
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      say(e.message);
    } finally {
      refreshing = false;
    }
  }

  $('dl-system').addEventListener('change', renderDeadLetters);
  $('dl-status').addEventListener('change', renderDeadLetters);
  $('dl-detail-close').addEventListener('click', () => { $('dl-detail').hidden = true; });
  $('dl-replay-all').addEventListener('click', () => {
    const system = $('dl-system').value;
    act('POST', 'dead-letters/replay' + (system ? '?system=' + encodeURIComponent(system) : ''), 'replay of ' + (system || 'all') + ' sent');
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
}());
