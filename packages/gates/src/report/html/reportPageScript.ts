/**
 * The script of gate_report.html: draws every `div.chart` from the embedded JSON
 * (`#wf-data`) with uPlot (inlined before it). Plain ES2017 for any current browser; each
 * chart marks itself `data-rendered="true"` when drawn (the browser test checks it).
 */
export const REPORT_PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('wf-data').textContent);
  var byFactor = {};
  data.factors.forEach(function (f) { byFactor[f.factor] = f; });

  function toTime(iso) { var p = iso.split('-'); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 1000; }
  function width(el) { return Math.max(320, Math.floor(el.getBoundingClientRect().width || 900)); }
  function pct(u, v) { return v == null ? '-' : (v * 100).toFixed(2) + '%'; }
  function fixed(d) { return function (u, v) { return v == null ? '-' : v.toFixed(d); }; }

  /** Dashed vertical lines at each window's first test day. */
  function boundaries(times) {
    return { hooks: { draw: [function (u) {
      var ctx = u.ctx; ctx.save();
      ctx.strokeStyle = 'rgba(87,96,106,0.55)'; ctx.setLineDash([4, 4]); ctx.lineWidth = 1;
      times.forEach(function (t) {
        var x = Math.round(u.valToPos(t, 'x', true));
        ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
      });
      ctx.restore();
    }] } };
  }

  function windowStarts(f, times) {
    var starts = [];
    for (var i = 0; i < f.window.length; i++) if (i === 0 || f.window[i] !== f.window[i - 1]) starts.push(times[i]);
    return starts;
  }

  var bars = uPlot.paths && uPlot.paths.bars;
  function barSeries(label, color, size, align) {
    return { label: label, stroke: color, fill: color, width: 1, points: { show: false },
      paths: bars ? bars({ size: [size, 60], align: align }) : undefined, value: fixed(4) };
  }

  function draw(el) {
    var f = byFactor[el.getAttribute('data-factor')];
    var kind = el.getAttribute('data-kind');
    var w = width(el);
    var times = f.dates.map(toTime);
    var opts, rows;
    var sync = { key: 'factor-' + f.factor };
    if (kind === 'equity') {
      opts = { width: w, height: 260, cursor: { sync: sync }, plugins: [boundaries(windowStarts(f, times))],
        scales: { x: { time: true } },
        series: [{}, { label: 'equity (net)', stroke: '#0969da', width: 1.5, value: fixed(4) }],
        axes: [{}, { label: 'equity', size: 60 }] };
      rows = [times, f.equity];
    } else if (kind === 'drawdown') {
      opts = { width: w, height: 180, cursor: { sync: sync }, plugins: [boundaries(windowStarts(f, times))],
        scales: { x: { time: true } },
        series: [{}, { label: 'drawdown', stroke: '#cf222e', fill: 'rgba(207,34,46,0.15)', width: 1, value: pct }],
        axes: [{}, { label: 'drawdown', size: 60, values: function (u, vs) { return vs.map(function (v) { return (v * 100).toFixed(0) + '%'; }); } }] };
      rows = [times, f.drawdown.map(function (d) { return d == null ? null : -d; })];
    } else if (kind === 'costs') {
      var xs = f.windows.map(function (x) { return x.window; });
      opts = { width: w, height: 220, scales: { x: { time: false, range: function (u, a, b) { return [a - 0.6, b + 0.6]; } } },
        series: [{ label: 'window' }, barSeries('gross', 'rgba(9,105,218,0.65)', 0.35, -1), barSeries('net', 'rgba(26,127,55,0.75)', 0.35, 1),
          { label: 'cost', stroke: '#cf222e', width: 2, points: { show: true, size: 6 }, value: fixed(4) }],
        axes: [{ label: 'window', incrs: [1, 2, 5, 10] }, { label: 'sum of daily returns', size: 70, values: function (u, vs) { return vs.map(function (v) { return (v * 100).toFixed(1) + '%'; }); } }] };
      rows = [xs, f.windows.map(function (x) { return x.gross; }), f.windows.map(function (x) { return x.net; }), f.windows.map(function (x) { return x.cost; })];
    } else if (kind === 'turnover') {
      opts = { width: w, height: 180, scales: { x: { time: false, range: function (u, a, b) { return [a - 0.6, b + 0.6]; } }, y: { range: function (u, a, b) { return [0, b > 0 ? b * 1.1 : 1]; } } },
        series: [{ label: 'window' }, barSeries('turnover per day', 'rgba(130,80,223,0.7)', 0.6, 0)],
        axes: [{ label: 'window', incrs: [1, 2, 5, 10] }, { label: 'turnover / day', size: 60 }] };
      rows = [f.windows.map(function (x) { return x.window; }), f.windows.map(function (x) { return x.turnover; })];
    } else if (kind === 'ic') {
      var meanByWindow = {};
      f.windows.forEach(function (x) { meanByWindow[x.window] = x.meanIc; });
      opts = { width: w, height: 220, cursor: { sync: sync }, plugins: [boundaries(windowStarts(f, times))], scales: { x: { time: true } },
        series: [{}, { label: 'daily IC', stroke: 'rgba(9,105,218,0.55)', width: 0, points: { show: true, size: 3, fill: 'rgba(9,105,218,0.55)' }, value: fixed(4) },
          { label: 'window mean IC', stroke: '#bc4c00', width: 2, paths: uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined, points: { show: false }, value: fixed(4) }],
        axes: [{}, { label: 'IC', size: 60 }] };
      rows = [times, f.ic, f.window.map(function (k) { return meanByWindow[k] == null ? null : meanByWindow[k]; })];
    } else if (kind === 'quantiles') {
      if (!f.quantiles) return;
      var qs = f.quantiles.overall.map(function (_, i) { return i + 1; });
      opts = { width: Math.min(w, 560), height: 220, scales: { x: { time: false, range: function (u, a, b) { return [a - 0.6, b + 0.6]; } },
          y: { range: function (u, a, b) { var lo = Math.min(0, a), hi = Math.max(0, b), pad = (hi - lo) * 0.08 || 1; return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0]; } } },
        series: [{ label: 'quantile' }, barSeries('mean daily return (bps)', 'rgba(9,105,218,0.7)', 0.6, 0)],
        axes: [{ label: 'quantile (1 = lowest score)', incrs: [1] }, { label: 'bps / day', size: 60 }] };
      rows = [qs, f.quantiles.overall.map(function (v) { return v == null ? null : v * 1e4; })];
    } else {
      return;
    }
    new uPlot(opts, rows, el);
    el.setAttribute('data-rendered', 'true');
  }

  var charts = document.querySelectorAll('div.chart');
  for (var i = 0; i < charts.length; i++) {
    try { draw(charts[i]); } catch (e) {
      charts[i].textContent = 'chart failed: ' + e.message; charts[i].className += ' chart-error';
      console.error('gate report chart', charts[i].getAttribute('data-factor'), charts[i].getAttribute('data-kind'), e);
    }
  }
})();
`;
