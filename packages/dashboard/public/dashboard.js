// wf-dashboard's page: polls the JSON API every 2 s. Plain ES2017, uPlot for the charts.
(function () {
  'use strict';
  // ?poll=MS sets the refresh period (default 2 s; the browser test polls faster).
  var POLL_MS = Math.max(100, Number(new URLSearchParams(location.search).get('poll')) || 2000);
  var selected = null;
  var sweep = null; // { name, offset, points, charts }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) { if (!r.ok) throw new Error(url + ': HTTP ' + r.status); return r.json(); });
  }
  function bar(done, total) {
    var frac = total > 0 ? Math.min(1, done / total) : 0;
    var wrap = el('span', { class: 'progress', 'data-done': String(done), 'data-total': String(total) });
    var b = el('span', { class: 'bar' }, [el('span', { style: 'width:' + (frac * 100).toFixed(1) + '%' })]);
    wrap.appendChild(b);
    wrap.appendChild(el('span', { class: 'bar-label', text: done + ' / ' + total + ' units' }));
    return wrap;
  }

  // ---- runs list ----
  var progressCache = {};
  function refreshRuns() {
    return getJson('/api/runs').then(function (data) {
      document.getElementById('runs-dir').textContent = data.runsDir;
      document.getElementById('runs-empty').hidden = data.runs.length > 0;
      var body = document.querySelector('#runs-table tbody');
      var gates = data.runs.filter(function (r) { return r.kind === 'gate'; });
      return Promise.all(gates.map(function (r) {
        return getJson('/api/runs/' + encodeURIComponent(r.name) + '/progress').then(function (p) { progressCache[r.name] = p; }, function () { /* a manifest being rewritten: keep the last */ });
      })).then(function () {
        body.textContent = '';
        data.runs.forEach(function (r) {
          var p = progressCache[r.name];
          var verdict = r.kind === 'gate' && (r.passed.length + r.failed.length) > 0
            ? r.passed.length + ' pass, ' + r.failed.length + ' fail' + (r.passed.length ? ' (' + r.passed.join(', ') + ' pass)' : '') : '';
          var report = r.hasReport ? el('a', { href: '/runs/' + encodeURIComponent(r.name) + '/gate_report.html', target: '_blank', text: 'gate_report.html' }) : el('span', { text: '' });
          var row = el('tr', { class: 'run' + (selected === r.name ? ' selected' : ''), id: 'run-' + r.name, 'data-kind': r.kind, 'data-status': r.status }, [
            el('td', { text: r.name }), el('td', { text: r.kind }), el('td', { class: 'status-' + r.status, text: r.status }),
            el('td', {}, r.kind === 'gate' && p ? [bar(p.unitsDone, p.unitsTotal)] : []),
            el('td', { text: verdict }), el('td', {}, [report]),
          ]);
          row.addEventListener('click', function () { select(r); });
          body.appendChild(row);
        });
        if (selected !== null) {
          var current = data.runs.filter(function (r) { return r.name === selected; })[0];
          if (current && current.kind === 'gate') showGate(current);
        }
      });
    });
  }

  function select(run) {
    selected = run.name;
    document.querySelectorAll('tr.run').forEach(function (tr) { tr.classList.toggle('selected', tr.id === 'run-' + run.name); });
    if (run.kind === 'gate') { sweep = null; showGate(run); } else { showSweep(run); }
  }

  // ---- a gate run ----
  function showGate(run) {
    var p = progressCache[run.name];
    var detail = document.getElementById('detail');
    detail.hidden = false;
    detail.textContent = '';
    detail.appendChild(el('h2', { text: 'Gate run ' + run.name }));
    detail.appendChild(el('p', { class: 'note', text: (run.config || '') + ' - status ' + run.status }));
    if (!p) return;
    detail.appendChild(el('div', { id: 'gate-progress' }, [bar(p.unitsDone, p.unitsTotal)]));
    var rows = p.shards.map(function (s) {
      return el('tr', {}, [el('td', { text: 'shard ' + s.index }), el('td', {}, [bar(s.unitsDone, s.unitsTotal)]), el('td', { text: s.factor || '' })]);
    });
    detail.appendChild(el('table', { id: 'shards' }, [el('thead', {}, [el('tr', {}, [el('th', { text: 'shard' }), el('th', { text: 'heartbeats' }), el('th', { text: 'last factor' })])]), el('tbody', {}, rows)]));
    if (p.passed.length + p.failed.length > 0) detail.appendChild(el('p', { id: 'gate-verdict', text: 'passed: ' + (p.passed.join(', ') || 'none') + '; failed: ' + (p.failed.join(', ') || 'none') }));
    if (run.hasReport) detail.appendChild(el('p', {}, [el('a', { href: '/runs/' + encodeURIComponent(run.name) + '/gate_report.html', target: '_blank', text: 'open gate_report.html' })]));
  }

  // ---- a sweep ----
  function parseParams(text) {
    var out = {};
    if (!text) return out;
    text.split(';').forEach(function (pair) { var at = pair.indexOf('='); if (at > 0) { var v = pair.slice(at + 1); out[pair.slice(0, at)] = isFinite(Number(v)) && v !== '' ? Number(v) : v; } });
    return out;
  }
  function showSweep(run) {
    var detail = document.getElementById('detail');
    detail.hidden = false;
    detail.textContent = '';
    detail.appendChild(el('h2', { text: 'Sweep ' + run.name }));
    detail.appendChild(el('p', { class: 'note', id: 'sweep-summary', text: 'reading results.ndjson ...' }));
    detail.appendChild(el('h3', { text: 'Best objective so far' }));
    detail.appendChild(el('div', { class: 'chart', id: 'best-so-far', 'data-kind': 'best' }));
    detail.appendChild(el('h3', { text: 'Slices: objective by parameter value' }));
    detail.appendChild(el('div', { class: 'charts', id: 'slices' }));
    detail.appendChild(el('h3', { text: 'Contour: best objective over two parameters' }));
    detail.appendChild(el('div', { id: 'contour-controls' }));
    detail.appendChild(el('div', { class: 'contour-wrap' }, [el('canvas', { class: 'contour', id: 'contour', width: '560', height: '360' })]));
    sweep = { name: run.name, offset: 0, points: [], keys: [], best: [], bestValue: null, charts: {} };
    pollSweep();
  }
  // One read of a sweep at a time: the click that opens it and the timer's tick may both ask,
  // and two reads from the same offset would add its records twice.
  function pollSweep() {
    if (sweep === null) return Promise.resolve();
    var s = sweep;
    if (s.reading) return s.reading;
    s.reading = getJson('/api/sweeps/' + encodeURIComponent(s.name) + '/results?from=' + s.offset).then(function (data) {
      s.reading = null;
      if (sweep !== s) return;
      s.offset = data.next;
      data.points.forEach(function (pt) {
        pt.values = parseParams(pt.params);
        Object.keys(pt.values).forEach(function (k) { if (s.keys.indexOf(k) < 0) s.keys.push(k); });
        if (pt.objective !== null && (s.bestValue === null || pt.objective > s.bestValue)) s.bestValue = pt.objective;
        s.points.push(pt);
        s.best.push(s.bestValue);
      });
      s.keys.sort();
      if (data.points.length > 0 || !s.drawn) draw(s);
      if (data.next < data.size) return pollSweep(); // more than one chunk waiting
    }, function (error) { s.reading = null; throw error; });
    return s.reading;
  }
  function draw(s) {
    s.drawn = true;
    var ok = s.points.filter(function (p) { return p.objective !== null; }).length;
    document.getElementById('sweep-summary').textContent = s.points.length + ' candidates read (' + ok + ' OK); best objective ' + (s.bestValue === null ? '-' : s.bestValue.toFixed(4));
    var w = Math.max(320, Math.min(1100, document.getElementById('detail').clientWidth));
    var ordinals = s.points.map(function (p) { return p.ordinal; });
    var bestEl = document.getElementById('best-so-far');
    if (s.charts.best) s.charts.best.destroy();
    bestEl.textContent = '';
    s.charts.best = new uPlot({ width: w, height: 220, scales: { x: { time: false } },
      series: [{ label: 'candidate' }, { label: 'best so far', stroke: '#1a7f37', width: 2, points: { show: false } }, { label: 'objective', stroke: 'rgba(9,105,218,0.5)', width: 0, points: { show: true, size: 4, fill: 'rgba(9,105,218,0.5)' } }],
      axes: [{ label: 'candidate (sweep order)', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] }, { label: 'objective', size: 60 }] },
      [ordinals, s.best, s.points.map(function (p) { return p.objective; })], bestEl);
    bestEl.setAttribute('data-rendered', 'true');
    var slices = document.getElementById('slices');
    Object.keys(s.charts).forEach(function (k) { if (k.indexOf('slice:') === 0) { s.charts[k].destroy(); delete s.charts[k]; } });
    slices.textContent = '';
    s.keys.forEach(function (key) {
      var pts = s.points.filter(function (p) { return typeof p.values[key] === 'number' && p.objective !== null; }).sort(function (a, b) { return a.values[key] - b.values[key]; });
      var div = el('div', { class: 'chart', 'data-kind': 'slice', 'data-param': key });
      slices.appendChild(div);
      s.charts['slice:' + key] = new uPlot({ width: Math.min(360, w), height: 200, scales: { x: { time: false } },
        series: [{ label: key }, { label: 'objective', stroke: 'rgba(130,80,223,0.7)', width: 0, points: { show: true, size: 5, fill: 'rgba(130,80,223,0.6)' } }],
        axes: [{ label: key }, { size: 55 }] },
        [pts.map(function (p) { return p.values[key]; }), pts.map(function (p) { return p.objective; })], div);
      div.setAttribute('data-rendered', 'true');
    });
    drawContour(s);
  }
  function drawContour(s) {
    var controls = document.getElementById('contour-controls');
    var numeric = s.keys.filter(function (k) { return s.points.some(function (p) { return typeof p.values[k] === 'number'; }); });
    var canvas = document.getElementById('contour');
    var ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (numeric.length < 2) { controls.textContent = 'A contour needs two numeric parameters.'; canvas.setAttribute('data-rendered', 'true'); return; }
    if (!s.xKey || numeric.indexOf(s.xKey) < 0) { s.xKey = numeric[0]; s.yKey = numeric[1]; }
    controls.textContent = '';
    [['x', 'xKey'], ['y', 'yKey']].forEach(function (axis) {
      var sel = el('select', { id: 'contour-' + axis[0] }, numeric.map(function (k) { var o = el('option', { value: k, text: k }); if (k === s[axis[1]]) o.selected = true; return o; }));
      sel.addEventListener('change', function () { s[axis[1]] = sel.value; drawContour(s); });
      controls.appendChild(el('label', { text: axis[0] + ': ' }, [sel]));
      controls.appendChild(document.createTextNode(' '));
    });
    var xs = [], ys = [], cells = {};
    s.points.forEach(function (p) {
      var x = p.values[s.xKey], y = p.values[s.yKey];
      if (typeof x !== 'number' || typeof y !== 'number' || p.objective === null) return;
      if (xs.indexOf(x) < 0) xs.push(x);
      if (ys.indexOf(y) < 0) ys.push(y);
      var key = x + '|' + y;
      if (!(key in cells) || p.objective > cells[key]) cells[key] = p.objective;
    });
    xs.sort(function (a, b) { return a - b; }); ys.sort(function (a, b) { return a - b; });
    var values = Object.keys(cells).map(function (k) { return cells[k]; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var left = 60, top = 10, right = 90, bottom = 40;
    var cw = (canvas.width - left - right) / Math.max(1, xs.length), ch = (canvas.height - top - bottom) / Math.max(1, ys.length);
    function color(v) { var t = hi > lo ? (v - lo) / (hi - lo) : 0.5; var r = Math.round(68 + t * 185), g = Math.round(1 + t * 230), b = Math.round(84 + (0.5 - Math.abs(t - 0.5)) * 160); return 'rgb(' + r + ',' + g + ',' + b + ')'; }
    ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = '#1b1f24';
    xs.forEach(function (x, i) {
      ys.forEach(function (y, j) {
        var v = cells[x + '|' + y];
        ctx.fillStyle = v === undefined ? '#eaeef2' : color(v);
        ctx.fillRect(left + i * cw, top + (ys.length - 1 - j) * ch, cw - 1, ch - 1);
      });
      ctx.fillStyle = '#1b1f24'; ctx.textAlign = 'center';
      ctx.fillText(String(x), left + (i + 0.5) * cw, canvas.height - bottom + 14);
    });
    ctx.textAlign = 'right';
    ys.forEach(function (y, j) { ctx.fillText(String(y), left - 6, top + (ys.length - 1 - j + 0.5) * ch + 4); });
    ctx.textAlign = 'center'; ctx.fillText(s.xKey, left + (canvas.width - left - right) / 2, canvas.height - 8);
    ctx.save(); ctx.translate(14, top + (canvas.height - top - bottom) / 2); ctx.rotate(-Math.PI / 2); ctx.fillText(s.yKey, 0, 0); ctx.restore();
    for (var k = 0; k <= 20; k++) { ctx.fillStyle = color(lo + (hi - lo) * k / 20); ctx.fillRect(canvas.width - right + 20, top + (20 - k) * (canvas.height - top - bottom) / 21, 16, (canvas.height - top - bottom) / 21 + 1); }
    ctx.fillStyle = '#1b1f24'; ctx.textAlign = 'left';
    ctx.fillText(hi.toFixed(3), canvas.width - right + 40, top + 10); ctx.fillText(lo.toFixed(3), canvas.width - right + 40, canvas.height - bottom);
    canvas.setAttribute('data-rendered', 'true');
    canvas.setAttribute('data-cells', String(Object.keys(cells).length));
  }

  function tick() {
    refreshRuns().then(pollSweep).catch(function (e) { console.error('wf-dashboard', e); }).then(function () { setTimeout(tick, POLL_MS); });
  }
  tick();
})();
