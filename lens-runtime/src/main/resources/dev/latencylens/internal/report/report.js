/* Latency Lens report: draws the charts from the JSON embedded in the page. Plain SVG, no library, no network. */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var COLORS = { ttft: 'var(--ttft)', icl: 'var(--icl)', e2e: 'var(--e2e)', userTtft: 'var(--uttft)', responseTime: 'var(--resp)' };
  var LABELS = { ttft: 'TTFT', icl: 'ICL', e2e: 'E2E', userTtft: 'TTFT (user)', responseTime: 'Response time' };
  var data = JSON.parse(document.getElementById('lens-data').textContent);

  // ---- small helpers ------------------------------------------------------------------------------------------

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (parent) {
      parent.appendChild(e);
    }
    return e;
  }

  function label(parent, x, y, str, cls, anchor) {
    var t = el('text', { x: x, y: y }, parent);
    if (cls) { t.setAttribute('class', cls); }
    if (anchor) { t.setAttribute('text-anchor', anchor); }
    t.textContent = str;
    return t;
  }

  function title(node, str) {
    el('title', null, node).textContent = str;
  }

  function round(v) {
    return +(+v).toPrecision(3);
  }

  /** 0.123 ms, 4.56 ms, 78.9 ms, 456 ms, 1.23 s */
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) { return '–'; }
    var a = Math.abs(v);
    if (a >= 1000) { return (v / 1000).toFixed(a >= 10000 ? 1 : 2) + ' s'; }
    if (a >= 100) { return v.toFixed(0) + ' ms'; }
    if (a >= 10) { return v.toFixed(1) + ' ms'; }
    if (a >= 1) { return v.toFixed(2) + ' ms'; }
    return v.toFixed(3) + ' ms';
  }

  function fmtTick(v) {
    if (v >= 1000) { return round(v / 1000) + ' s'; }
    return round(v) + (v === 0 ? '' : ' ms');
  }

  function pct(p) {
    if (p >= 100) { return '100%'; }
    var s = p.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
    return s + '%';
  }

  function niceStep(range, count) {
    var raw = range / count;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var r = raw / mag;
    return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
  }

  function linear(d0, d1, r0, r1, count) {
    var step = niceStep((d1 - d0) || 1, count || 5);
    var lo = Math.floor(d0 / step) * step;
    var hi = Math.ceil(d1 / step) * step;
    if (hi <= lo) { hi = lo + step; }
    var f = function (v) { return r0 + (v - lo) * (r1 - r0) / (hi - lo); };
    f.domain = [lo, hi];
    f.ticks = function () {
      var out = [];
      for (var v = lo; v <= hi + step * 1e-6; v += step) { out.push(+v.toPrecision(12)); }
      return out;
    };
    return f;
  }

  var NICE = [1, 2, 5];

  function niceFloor(v) {
    var e = Math.floor(Math.log10(v));
    for (var i = NICE.length - 1; i >= 0; i--) {
      if (NICE[i] * Math.pow(10, e) <= v * 1.0000001) { return NICE[i] * Math.pow(10, e); }
    }
    return Math.pow(10, e);
  }

  function niceCeil(v) {
    var e = Math.floor(Math.log10(v));
    for (var k = 0; k < 2; k++) {
      for (var i = 0; i < NICE.length; i++) {
        var c = NICE[i] * Math.pow(10, e + k);
        if (c >= v * 0.9999999) { return c; }
      }
    }
    return Math.pow(10, e + 1);
  }

  function logScale(d0, d1, r0, r1) {
    var lo = niceFloor(d0);
    var hi = niceCeil(d1);
    if (hi <= lo) { hi = lo * 10; }
    var l0 = Math.log10(lo);
    var l1 = Math.log10(hi);
    var f = function (v) { return r0 + (Math.log10(Math.max(v, lo)) - l0) * (r1 - r0) / (l1 - l0); };
    f.domain = [lo, hi];
    f.log = true;
    f.ticks = function () {
      var out = [];
      var decades = l1 - l0;
      var mult = decades <= 1.5 ? [1, 2, 5] : decades <= 3 ? [1, 3] : [1];
      for (var e = Math.floor(l0); e <= Math.ceil(l1); e++) {
        mult.forEach(function (m) {
          var v = m * Math.pow(10, e);
          if (v >= lo * 0.9999 && v <= hi * 1.0001) { out.push(+v.toPrecision(12)); }
        });
      }
      return out;
    };
    return f;
  }

  /** A log scale when the values span more than `ratio`, else a linear one from 0. */
  function valueScale(min, max, r0, r1, ratio) {
    if (min > 0 && max / min > ratio) { return logScale(min, max, r0, r1); }
    return linear(0, max > 0 ? max : 1, r0, r1, tickCount(r0, r1));
  }

  /** About one tick per 90 px along an axis (55 px vertically). */
  function tickCount(r0, r1) {
    var span = Math.abs(r1 - r0);
    return Math.max(2, Math.min(8, Math.floor(span / (r1 < r0 ? 55 : 90))));
  }

  /** An SVG as wide as its figure, so text is drawn at 1:1 whatever the layout. */
  function frame(fig, height, margin) {
    var m = margin || { l: 64, r: 18, t: 18, b: 42 };
    var style = window.getComputedStyle(fig);
    var inner = fig.clientWidth - parseFloat(style.paddingLeft || 0) - parseFloat(style.paddingRight || 0);
    var w = Math.max(320, Math.round(inner || 720));
    var svg = el('svg', { viewBox: '0 0 ' + w + ' ' + height, width: w, height: height, 'class': 'lens-chart', role: 'img' });
    fig.appendChild(svg);
    return { svg: svg, x0: m.l, x1: w - m.r, y0: height - m.b, y1: m.t, h: height, w: w };
  }

  function yAxis(f, scale, format, labelText) {
    var g = el('g', { 'class': 'axis y' }, f.svg);
    scale.ticks().forEach(function (t) {
      var y = scale(t);
      el('line', { x1: f.x0, x2: f.x1, y1: y, y2: y, 'class': 'grid' }, g);
      label(g, f.x0 - 8, y + 4, format(t), 'tick', 'end');
    });
    if (labelText) {
      var t = label(g, 12, (f.y0 + f.y1) / 2, labelText, 'axis-label', 'middle');
      t.setAttribute('transform', 'rotate(-90 12 ' + ((f.y0 + f.y1) / 2) + ')');
    }
  }

  function xAxis(f, ticks, scale, format, labelText) {
    var g = el('g', { 'class': 'axis x' }, f.svg);
    el('line', { x1: f.x0, x2: f.x1, y1: f.y0, y2: f.y0, 'class': 'baseline' }, g);
    ticks.forEach(function (t) {
      var x = scale(t);
      el('line', { x1: x, x2: x, y1: f.y0, y2: f.y0 + 5, 'class': 'tickmark' }, g);
      label(g, x, f.y0 + 18, format(t), 'tick', 'middle');
    });
    if (labelText) {
      label(g, (f.x0 + f.x1) / 2, f.h - 6, labelText, 'axis-label', 'middle');
    }
  }

  function empty(fig, message) {
    var f = frame(fig, 120, { l: 0, r: 0, t: 0, b: 0 });
    el('rect', { x: 1, y: 1, width: f.w - 2, height: 118, rx: 8, 'class': 'empty-box' }, f.svg);
    label(f.svg, f.w / 2, 64, message, 'empty-text', 'middle');
    fig.dataset.drawn = 'empty';
    return 'empty';
  }

  /** One row of legend items from (x, y); with maxX, items that would pass it start a new row 16 px lower. */
  function legend(svg, x, y, items, maxX) {
    var g = el('g', { 'class': 'legend' }, svg);
    var cx = x;
    items.forEach(function (it) {
      if (maxX && cx > x && cx + 20 + it.text.length * 6.5 > maxX) {
        cx = x;
        y += 16;
      }
      if (it.shape === 'dot') {
        el('circle', { cx: cx + 6, cy: y - 4, r: 4.5, style: 'fill:' + it.color }, g);
      } else if (it.shape === 'ring') {
        el('circle', { cx: cx + 6, cy: y - 4, r: 4, 'class': 'legend-ring' }, g);
      } else if (it.shape === 'cross') {
        el('path', { d: cross(cx + 6, y - 4, 4), 'class': 'fail-mark' }, g);
      } else if (it.shape === 'box') {
        el('rect', { x: cx, y: y - 10, width: 12, height: 12, rx: 2, style: 'fill:' + it.color }, g);
      } else {
        el('line', { x1: cx, x2: cx + 16, y1: y - 4, y2: y - 4, style: 'stroke:' + it.color,
          'class': it.dashed ? 'legend-line dashed' : 'legend-line' }, g);
      }
      var t = label(g, cx + 20, y, it.text, 'legend-text');
      cx += 36 + textWidth(t);
    });
    return g;
  }

  function textWidth(t) {
    var w = 0;
    try { w = t.getComputedTextLength(); } catch (e) { w = 0; }
    return w > 0 ? w : t.textContent.length * 6.5;
  }

  /** Labels right-aligned above horizontal lines; one that would touch the previous goes below its line. */
  function lineLabels(svg, x, items, cls) {
    var lastY = -100;
    items.slice().sort(function (a, b) { return a.y - b.y; }).forEach(function (it) {
      var ly = it.y - 5 - lastY < 13 ? it.y + 14 : it.y - 5;
      label(svg, x, ly, it.text, cls, 'end');
      lastY = ly;
    });
  }

  function cross(x, y, s) {
    return 'M' + (x - s) + ' ' + (y - s) + 'L' + (x + s) + ' ' + (y + s) + 'M' + (x - s) + ' ' + (y + s) + 'L' + (x + s) + ' ' + (y - s);
  }

  // ---- tooltip ------------------------------------------------------------------------------------------------

  var tip = document.createElement('div');
  tip.className = 'tip';
  tip.hidden = true;
  document.body.appendChild(tip);

  function showTip(evt, lines) {
    tip.textContent = '';
    lines.forEach(function (line, i) {
      var div = document.createElement('div');
      if (i === 0) { div.className = 'tip-head'; }
      div.textContent = line;
      tip.appendChild(div);
    });
    tip.hidden = false;
    var x = evt.clientX + 14;
    var y = evt.clientY + 14;
    var w = tip.offsetWidth;
    if (x + w > window.innerWidth - 8) { x = evt.clientX - w - 14; }
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  function hideTip() { tip.hidden = true; }

  /** Mouse position in the SVG's own coordinates. */
  function svgX(svg, evt) {
    var r = svg.getBoundingClientRect();
    return (evt.clientX - r.left) * svg.viewBox.baseVal.width / r.width;
  }

  function svgY(svg, evt, height) {
    var r = svg.getBoundingClientRect();
    return (evt.clientY - r.top) * height / r.height;
  }

  // ---- latency by percentile ----------------------------------------------------------------------------------

  function px(p, cap) {
    if (p >= 100) { return cap; }
    return Math.min(cap, -Math.log10(1 - p / 100));
  }

  function valueAt(points, p) {
    for (var i = 0; i < points.length; i++) {
      if (points[i][0] >= p) {
        if (i === 0) { return points[0][1]; }
        var a = points[i - 1];
        var b = points[i];
        var t = (p - a[0]) / ((b[0] - a[0]) || 1);
        return a[1] + t * (b[1] - a[1]);
      }
    }
    return points.length ? points[points.length - 1][1] : null;
  }

  function drawCurve(fig, b) {
    var series = (b.series || ['ttft', 'icl', 'e2e']).filter(function (k) { return b.curves[k] && b.curves[k].length > 0; });
    if (!series.length) { return empty(fig, 'No successful request: nothing to plot.'); }
    var H = series.length > 3 ? 356 : 340;
    var f = frame(fig, H, { l: 76, r: 24, t: series.length > 3 ? 56 : 40, b: 46 });
    var cap = 1;
    series.forEach(function (k) { cap = Math.max(cap, Math.log10(Math.max(10, b.stats[k].n))); });
    // The floor: half the lowest decile, so a near-zero minimum (two chunks in one packet) does not waste decades.
    var min = Infinity;
    var max = 0;
    series.forEach(function (k) {
      var low = valueAt(b.curves[k], 10);
      if (low > 0) { min = Math.min(min, low / 2); }
      b.curves[k].forEach(function (pt) { max = Math.max(max, pt[1]); });
    });
    var slaLines = [];
    // Open loop: the @Sla's TTFT bounds judge TTFT (user), its E2E bounds the response time.
    var ttftKey = b.open ? 'userTtft' : 'ttft';
    var e2eKey = b.open ? 'responseTime' : 'e2e';
    [['ttftP50Ms', ttftKey, 'p50'], ['ttftP95Ms', ttftKey, 'p95'], ['ttftP99Ms', ttftKey, 'p99'],
      ['e2eP95Ms', e2eKey, 'p95'], ['e2eP99Ms', e2eKey, 'p99']].forEach(function (s) {
      if (b.sla[s[0]] !== undefined && series.indexOf(s[1]) >= 0) {
        slaLines.push({ value: b.sla[s[0]], metric: s[1], text: 'SLA ' + LABELS[s[1]] + ' ' + s[2] + ' ≤ ' + fmtTick(b.sla[s[0]]) });
        max = Math.max(max, b.sla[s[0]]);
        if (b.sla[s[0]] > 0) { min = Math.min(min, b.sla[s[0]]); }
      }
    });
    if (!isFinite(min)) { min = max || 1; }
    var y = valueScale(min, max * 1.05, f.y0, f.y1, 12);
    var xs = function (v) { return f.x0 + v * (f.x1 - f.x0) / cap; };
    yAxis(f, y, fmtTick, y.log ? 'ms (log scale)' : 'ms');
    var xt = [];
    for (var d = 0; d <= Math.floor(cap + 1e-9); d++) { xt.push(d); }
    xAxis(f, xt, xs, function (d) { return d === 0 ? '0%' : pct(100 * (1 - Math.pow(10, -d))); }, 'percentile');

    slaLines.forEach(function (s) {
      var yy = y(s.value);
      el('line', { x1: f.x0, x2: f.x1, y1: yy, y2: yy, 'class': 'sla-line', style: 'stroke:' + COLORS[s.metric] }, f.svg);
    });
    lineLabels(f.svg, f.x1 - 4, slaLines.map(function (s) { return { y: y(s.value), text: s.text }; }), 'sla-text');

    series.forEach(function (k) {
      var pts = b.curves[k];
      var localCap = Math.max(1, Math.log10(Math.max(10, b.stats[k].n)));
      var path = '';
      pts.forEach(function (pt, i) {
        path += (i ? 'L' : 'M') + xs(px(pt[0], localCap)).toFixed(1) + ' ' + y(pt[1]).toFixed(1);
      });
      el('path', { d: path, 'class': 'curve', style: 'stroke:' + COLORS[k] }, f.svg);
      [50, 90, 99, 99.9].forEach(function (p) {
        var key = p === 99.9 ? 'p999' : 'p' + p;
        var v = b.stats[k][key];
        if (v === undefined) { return; }
        var c = el('circle', { cx: xs(px(p, localCap)), cy: y(v), r: 3.5, 'class': 'marker', style: 'fill:' + COLORS[k] }, f.svg);
        title(c, LABELS[k] + ' p' + p + ': ' + fmt(v));
      });
    });

    legend(f.svg, f.x0, 22, series.map(function (k) {
      var s = b.stats[k];
      var tail = s.p99 !== undefined ? ' · p99 ' + fmt(s.p99) : ' · max ' + fmt(s.max);
      return { color: COLORS[k], text: LABELS[k] + '  p50 ' + fmt(s.p50) + tail };
    }), f.x1);

    // Crosshair: the value of every series at the percentile under the mouse.
    var hover = el('g', { 'class': 'hover', visibility: 'hidden' }, f.svg);
    var vline = el('line', { y1: f.y1, y2: f.y0, 'class': 'crosshair' }, hover);
    var dots = series.map(function (k) { return el('circle', { r: 4, 'class': 'hover-dot', style: 'stroke:' + COLORS[k] }, hover); });
    var overlay = el('rect', { x: f.x0, y: f.y1, width: f.x1 - f.x0, height: f.y0 - f.y1, 'class': 'overlay' }, f.svg);
    overlay.addEventListener('mousemove', function (evt) {
      var xv = Math.max(0, Math.min(cap, (svgX(f.svg, evt) - f.x0) * cap / (f.x1 - f.x0)));
      var p = 100 * (1 - Math.pow(10, -xv));
      var lines = ['p' + pct(p).replace('%', '')];
      vline.setAttribute('x1', xs(xv));
      vline.setAttribute('x2', xs(xv));
      series.forEach(function (k, i) {
        var localCap = Math.max(1, Math.log10(Math.max(10, b.stats[k].n)));
        var v = xv >= localCap ? b.stats[k].max : valueAt(b.curves[k], p);
        dots[i].setAttribute('cx', xs(Math.min(xv, localCap)));
        dots[i].setAttribute('cy', y(v));
        lines.push(LABELS[k] + '  ' + fmt(v) + (xv >= localCap ? ' (max)' : ''));
      });
      hover.setAttribute('visibility', 'visible');
      showTip(evt, lines);
    });
    overlay.addEventListener('mouseleave', function () { hover.setAttribute('visibility', 'hidden'); hideTip(); });
    return 'drawn';
  }

  // ---- histogram ----------------------------------------------------------------------------------------------

  function drawHistogram(fig, b, metric) {
    var h = b.hist[metric];
    if (!h || !h.counts.length) { return empty(fig, 'No ' + LABELS[metric] + ' sample.'); }
    var H = 250;
    var f = frame(fig, H, { l: 58, r: 16, t: 46, b: 42 });
    var edges = h.edges;
    var step = edges[1] - edges[0];
    var lo = edges[0];
    var hi = edges[edges.length - 1] + (h.overflow > 0 ? step * 1.4 : 0);
    var xs = function (v) { return f.x0 + (v - lo) * (f.x1 - f.x0) / ((hi - lo) || 1); };
    var maxCount = Math.max.apply(null, h.counts.concat([h.overflow]));
    var y = linear(0, maxCount, f.y0, f.y1, tickCount(f.y0, f.y1));
    yAxis(f, y, function (t) { return t === Math.round(t) ? String(t) : ''; }, 'requests');
    var ticks = linear(lo, edges[edges.length - 1], 0, 1, tickCount(f.x0, f.x1)).ticks().filter(function (t) { return t >= lo && t <= edges[edges.length - 1]; });
    xAxis(f, ticks, xs, fmtTick, LABELS[metric] + ' (ms)');
    h.counts.forEach(function (c, i) {
      if (c === 0) { return; }
      var x0 = xs(edges[i]);
      var x1 = xs(edges[i + 1]);
      var r = el('rect', { x: x0 + 0.5, y: y(c), width: Math.max(1, x1 - x0 - 1), height: f.y0 - y(c), rx: 1.5,
        'class': 'bar', style: 'fill:' + COLORS[metric] }, f.svg);
      title(r, fmt(edges[i]) + ' – ' + fmt(edges[i + 1]) + ': ' + c + (c === 1 ? ' request' : ' requests'));
    });
    if (h.overflow > 0) {
      var ox0 = xs(edges[edges.length - 1] + step * 0.4);
      var ox1 = xs(hi);
      var r = el('rect', { x: ox0, y: y(h.overflow), width: ox1 - ox0, height: f.y0 - y(h.overflow), rx: 1.5,
        'class': 'bar overflow', style: 'fill:' + COLORS[metric] }, f.svg);
      title(r, '> ' + fmt(edges[edges.length - 1]) + ' (up to ' + fmt(h.max) + '): ' + h.overflow + ' requests');
      label(f.svg, (ox0 + ox1) / 2, f.y0 + 18, '≫', 'tick', 'middle');
    }
    var s = b.stats[metric];
    var marks = [['p50', s.p50], ['p95', s.p95], ['p99', s.p99]].filter(function (m) { return m[1] !== undefined; });
    var rowRight = [-Infinity, -Infinity];
    marks.forEach(function (m) {
      var x = Math.min(xs(m[1]), f.x1);
      el('line', { x1: x, x2: x, y1: f.y1 - 4, y2: f.y0, 'class': 'pmark' }, f.svg);
      var t = label(f.svg, x, f.y1 - 10, m[0] + ' ' + fmt(m[1]), 'pmark-text', 'middle');
      var w = textWidth(t);
      var left = Math.min(x - w / 2, f.x1 - w);
      // First row above the plot when it fits, else a second row just inside it.
      var row = left >= rowRight[0] + 6 ? 0 : 1;
      if (row === 1) { left = Math.max(left, rowRight[1] + 6); }
      t.setAttribute('text-anchor', 'start');
      t.setAttribute('x', left);
      t.setAttribute('y', row === 0 ? f.y1 - 10 : f.y1 + 4);
      rowRight[row] = left + w;
    });
    return 'drawn';
  }

  // ---- requests in order --------------------------------------------------------------------------------------

  function drawRequests(fig, b) {
    var r = b.requests;
    if (!r || !r.points.length) {
      return empty(fig, r ? 'No request of this benchmark in requests.jsonl.' : 'Per-request data not available (requests.jsonl not found).');
    }
    var H = 280;
    var f = frame(fig, H, { l: 72, r: 18, t: 34, b: 44 });
    var pts = r.points;
    var maxX = 0;
    var min = Infinity;
    var max = 0;
    pts.forEach(function (p) {
      maxX = Math.max(maxX, p[0]);
      if (p[1] !== null) { if (p[1] > 0) { min = Math.min(min, p[1]); } max = Math.max(max, p[1]); }
    });
    var s = b.stats.ttft;
    if (s.n > 0) { max = Math.max(max, s.p99 !== undefined ? s.p99 : s.max); }
    if (!isFinite(min)) { min = max || 1; }
    if (max <= 0) { max = 1; }
    var failTop = f.y1;
    var plotTop = f.y1 + 16;
    var y = valueScale(min, max * 1.05, f.y0, plotTop, 25);
    var xs = linear(0, Math.max(1, maxX), f.x0 + 6, f.x1, tickCount(f.x0, f.x1));
    yAxis(f, y, fmtTick, y.log ? 'TTFT (log scale)' : 'TTFT');
    var xticks = xs.ticks().filter(function (t) { return t === Math.round(t) && t <= xs.domain[1]; });
    xAxis(f, xticks, xs, function (t) { return String(t); }, 'request # (0 = cold probe, then ' + r.warmup + ' warmup, then measured)');

    if (r.warmup > 0) {
      var wx = xs(r.warmup + 0.5);
      el('rect', { x: xs(0.5), y: f.y1, width: Math.max(0, wx - xs(0.5)), height: f.y0 - f.y1, 'class': 'warmup-band' }, f.svg);
    }
    var refs = [];
    if (s.n > 0) {
      var tailValue = s.p99 !== undefined ? s.p99 : s.max;
      refs = [['steady p50', s.p50], [(s.p99 !== undefined ? 'steady p99' : 'steady max'), tailValue]];
      refs.forEach(function (m) {
        var yy = y(m[1]);
        el('line', { x1: f.x0, x2: f.x1, y1: yy, y2: yy, 'class': 'ref-line' }, f.svg);
      });
    }
    var paths = { 0: '', 1: '', 2: '', 3: '' };
    var fails = '';
    pts.forEach(function (p) {
      var x = xs(p[0]).toFixed(1);
      if (p[4] !== null) {
        var fy = p[1] !== null ? y(p[1]) : failTop + 6;
        fails += cross(+x, fy, 3.5);
      } else if (p[1] !== null) {
        paths[p[3]] += 'M' + x + ' ' + y(p[1]).toFixed(1) + 'h0';
      }
    });
    if (paths[1]) { el('path', { d: paths[1], 'class': 'pts warmup' }, f.svg); }
    if (paths[3]) { el('path', { d: paths[3], 'class': 'pts warmup cooldown' }, f.svg); }
    if (paths[2]) { el('path', { d: paths[2], 'class': 'pts measured' + (pts.length > 1500 ? ' dense' : '') }, f.svg); }
    if (paths[0]) { el('path', { d: paths[0], 'class': 'pts cold' }, f.svg); }
    if (fails) { el('path', { d: fails, 'class': 'fail-mark' }, f.svg); }
    if (s.n > 0) {
      lineLabels(f.svg, f.x1 - 4, refs.map(function (m) { return { y: y(m[1]), text: m[0] + ' ' + fmt(m[1]) }; }), 'ref-text');
    }
    var items = [{ shape: 'dot', color: 'var(--cold)', text: 'cold probe' }];
    if (r.warmup > 0 || paths[3]) { items.push({ shape: 'dot', color: 'var(--muted)', text: paths[3] ? 'warmup, cooldown' : 'warmup' }); }
    items.push({ shape: 'dot', color: 'var(--ttft)', text: 'measured' });
    if (fails) { items.push({ shape: 'cross', text: 'failed (at top when no TTFT)' }); }
    legend(f.svg, f.x0, 20, items);

    var overlay = el('rect', { x: f.x0, y: f.y1, width: f.x1 - f.x0, height: f.y0 - f.y1, 'class': 'overlay' }, f.svg);
    overlay.addEventListener('mousemove', function (evt) {
      var mx = svgX(f.svg, evt);
      var my = svgY(f.svg, evt, H);
      var best = null;
      var bestD = 144;
      pts.forEach(function (p) {
        var py = p[1] !== null ? y(p[1]) : failTop + 6;
        var d = Math.pow(xs(p[0]) - mx, 2) + Math.pow(py - my, 2);
        if (d < bestD) { bestD = d; best = p; }
      });
      if (!best) { hideTip(); return; }
      var phase = ['cold probe', 'warmup #' + (best[0] - 1), 'measured #' + (best[0] - 1 - r.warmup),
        'cooldown #' + (best[0] - 1 - r.warmup - r.iterations)][best[3]];
      var lines = [phase, 'TTFT ' + fmt(best[1]), 'E2E ' + fmt(best[2])];
      if (best[4] !== null) { lines.push('failed: ' + best[4]); }
      showTip(evt, lines);
    });
    overlay.addEventListener('mouseleave', hideTip);
    return 'drawn';
  }

  // ---- cold probe vs steady state -----------------------------------------------------------------------------

  function drawCold(fig, b) {
    var c = b.cold;
    if (!c.probed || c.ttft === undefined) { return empty(fig, 'No cold probe result.'); }
    var rows = [{ name: 'cold probe TTFT', value: c.ttft, probe: true }];
    if (c.steadyP50 !== undefined) { rows.push({ name: 'steady p50', value: c.steadyP50 }); }
    if (c.steadyTail !== undefined) { rows.push({ name: 'steady ' + c.tailLabel, value: c.steadyTail }); }
    // The bound applies to the probe's server side: drawn from where its connection setup ends.
    var setup = c.connectionSetup !== undefined ? c.connectionSetup : 0;
    var H = 86 + rows.length * 40;
    var f = frame(fig, H, { l: 130, r: 90, t: 50, b: 34 }); // room for a legend of two lines
    var max = c.threshold !== undefined ? setup + c.threshold : 0;
    rows.forEach(function (r) { max = Math.max(max, r.value); });
    var x = linear(0, max, f.x0, f.x1, tickCount(f.x0, f.x1));
    var g = el('g', { 'class': 'axis x' }, f.svg);
    x.ticks().forEach(function (t) {
      var xx = x(t);
      el('line', { x1: xx, x2: xx, y1: f.y1, y2: f.y0, 'class': 'grid' }, g);
      label(g, xx, f.y0 + 16, fmtTick(t), 'tick', 'middle');
    });
    var segments = [];
    var phases = 0;
    if (c.dns !== undefined) { segments.push(['DNS', c.dns, 'var(--seg-dns)']); phases += c.dns; }
    if (c.connect !== undefined) {
      var tcp = c.connect - (c.tls !== undefined ? c.tls : 0);
      segments.push(['TCP connect', Math.max(0, tcp), 'var(--seg-tcp)']);
      if (c.tls !== undefined) { segments.push(['TLS', c.tls, 'var(--seg-tls)']); }
      phases += c.connect;
    }
    if (setup > phases) { segments.push(['connection acquisition', setup - phases, 'var(--muted)']); }
    var server = c.serverTtft !== undefined ? c.serverTtft : c.ttft - Math.max(setup, phases);
    segments.push(['server side', Math.max(0, server),
      c.detected ? 'var(--cold)' : 'var(--ttft)']);
    rows.forEach(function (r, i) {
      var yy = f.y1 + 8 + i * 40;
      label(f.svg, f.x0 - 10, yy + 17, r.name, 'row-label', 'end');
      if (r.probe) {
        var cx = f.x0;
        segments.forEach(function (s) {
          var w = x(s[1]) - f.x0;
          var rect = el('rect', { x: cx, y: yy, width: Math.max(0, w), height: 26, 'class': 'hbar', style: 'fill:' + s[2] }, f.svg);
          title(rect, s[0] + ': ' + fmt(s[1]));
          cx += Math.max(0, w);
        });
      } else {
        var rect = el('rect', { x: f.x0, y: yy, width: Math.max(1, x(r.value) - f.x0), height: 26, 'class': 'hbar steady' }, f.svg);
        title(rect, r.name + ': ' + fmt(r.value));
      }
      label(f.svg, x(r.value) + 8, yy + 17, fmt(r.value), 'bar-value');
    });
    if (c.threshold !== undefined) {
      var tx = x(setup + c.threshold);
      var ref = el('line', { x1: tx, x2: tx, y1: f.y1, y2: f.y0, 'class': 'ref-line' }, f.svg);
      title(ref, 'cold-start bound on the server side: ' + fmt(c.threshold) + ' after the connection setup');
    }
    var items = segments.filter(function (s) { return s[1] > 0; }).map(function (s) {
      return { shape: 'box', color: s[2], text: s[0] };
    });
    items.push({ shape: 'box', color: 'var(--steady)', text: 'steady state' });
    if (c.threshold !== undefined) {
      items.push({ shape: 'line', color: 'var(--ink-soft)', dashed: true, text: 'cold-start bound (server side)' });
    }
    legend(f.svg, 12, 18, items, f.x1);
    return 'drawn';
  }

  // ---- TTFT across benchmarks ---------------------------------------------------------------------------------

  function drawCompare(fig) {
    var rows = data.benchmarks.filter(function (b) { return b.stats.ttft.n > 0; });
    if (!rows.length) { return empty(fig, 'No benchmark has a successful request.'); }
    var H = 70 + rows.length * 34;
    var f = frame(fig, H, { l: 220, r: 30, t: 30, b: 40 });
    var min = Infinity;
    var max = 0;
    rows.forEach(function (b) { min = Math.min(min, b.stats.ttft.min > 0 ? b.stats.ttft.min : Infinity); max = Math.max(max, b.stats.ttft.max); });
    if (!isFinite(min)) { min = max || 1; }
    var x = valueScale(min, max, f.x0, f.x1, 12);
    var g = el('g', { 'class': 'axis x' }, f.svg);
    x.ticks().forEach(function (t) {
      var xx = x(t);
      el('line', { x1: xx, x2: xx, y1: f.y1, y2: f.y0, 'class': 'grid' }, g);
      label(g, xx, f.y0 + 16, fmtTick(t), 'tick', 'middle');
    });
    label(g, (f.x0 + f.x1) / 2, H - 6, x.log ? 'TTFT (log scale)' : 'TTFT', 'axis-label', 'middle');
    rows.forEach(function (b, i) {
      var s = b.stats.ttft;
      var yy = f.y1 + 14 + i * 34;
      var name = b.name.length > 32 ? b.name.slice(0, 31) + '…' : b.name;
      var t = label(f.svg, f.x0 - 12, yy + 4, name, 'row-label', 'end');
      title(t, b.name);
      el('line', { x1: x(s.min), x2: x(s.max), y1: yy, y2: yy, 'class': 'range-line' }, f.svg);
      el('line', { x1: x(s.p50), x2: x(s.p95), y1: yy, y2: yy, 'class': 'range-core' }, f.svg);
      [['p50', s.p50, 6], ['p90', s.p90, 3.5], ['p95', s.p95, 3.5], ['p99', s.p99, 3.5], ['max', s.max, 3]].forEach(function (m) {
        if (m[1] === undefined) { return; }
        var c = el('circle', { cx: x(m[1]), cy: yy, r: m[2], 'class': m[0] === 'p50' ? 'dot-p50' : 'dot-tail' }, f.svg);
        title(c, b.name + ' TTFT ' + m[0] + ': ' + fmt(m[1]));
      });
      label(f.svg, x(s.p50), yy - 9, fmt(s.p50), 'dot-label', 'middle');
    });
    return 'drawn';
  }


  // ---- sweep: latency vs throughput ---------------------------------------------------------------------------

  function drawSweep(fig, s) {
    var KEYS = [
      { key: 'ttftP50', text: 'TTFT p50', color: 'var(--ttft)', dashed: false },
      { key: 'ttftP95', text: 'TTFT p95', color: 'var(--ttft)', dashed: true },
      { key: 'e2eP95', text: 'E2E p95', color: 'var(--e2e)', dashed: false }
    ];
    var pts = s.steps.filter(function (p) { return p.ttftP50 !== undefined || p.e2eP95 !== undefined; })
      .slice().sort(function (a, b) { return a.rate - b.rate; });
    if (!pts.length) { return empty(fig, 'No step has a successful request: nothing to plot.'); }
    var H = 370;
    var f = frame(fig, H, { l: 76, r: 24, t: 56, b: 46 });
    var min = Infinity;
    var max = 0;
    var maxRate = 0;
    pts.forEach(function (p) {
      maxRate = Math.max(maxRate, p.rate);
      KEYS.forEach(function (k) {
        var v = p[k.key];
        if (v === undefined) { return; }
        if (v > 0) { min = Math.min(min, v); }
        max = Math.max(max, v);
      });
    });
    var slaLines = [];
    [['ttftP50Ms', 'TTFT p50', 'var(--ttft)'], ['ttftP95Ms', 'TTFT p95', 'var(--ttft)'], ['ttftP99Ms', 'TTFT p99', 'var(--ttft)'],
      ['e2eP95Ms', 'E2E p95', 'var(--e2e)'], ['e2eP99Ms', 'E2E p99', 'var(--e2e)']].forEach(function (b) {
      var v = s.sla[b[0]];
      if (v === undefined) { return; }
      slaLines.push({ value: v, color: b[2], text: 'SLA ' + b[1] + ' ≤ ' + fmtTick(v) });
      max = Math.max(max, v);
      if (v > 0) { min = Math.min(min, v); }
    });
    if (!isFinite(min)) { min = max || 1; }
    if (s.capacity !== null && s.capacity !== undefined) { maxRate = Math.max(maxRate, s.capacity); }
    // Room below the lowest point (on a log scale, half of it) for the step labels.
    var y = valueScale(min / 2, max * 1.05, f.y0, f.y1, 12);
    var x = linear(0, maxRate > 0 ? maxRate * 1.05 : 1, f.x0, f.x1, tickCount(f.x0, f.x1));
    yAxis(f, y, fmtTick, y.log ? 'ms (log scale)' : 'ms');
    xAxis(f, x.ticks(), x, function (t) { return String(round(t)); }, 'achieved requests/s');

    if (s.capacity !== null && s.capacity !== undefined) {
      var cx = x(s.capacity);
      el('rect', { x: f.x0, y: f.y1, width: Math.max(0, cx - f.x0), height: f.y0 - f.y1, 'class': 'capacity-band' }, f.svg);
      var line = el('line', { x1: cx, x2: cx, y1: f.y1 - 6, y2: f.y0, 'class': 'capacity-line' }, f.svg);
      title(line, 'capacity at SLO: ' + s.capacity.toFixed(2) + ' req/s');
      // Above the plot, right of the line's top; left of it when it would run off the chart.
      var t = label(f.svg, cx, f.y1 - 10, 'capacity at SLO ' + s.capacity.toFixed(2) + ' req/s', 'capacity-text', 'middle');
      var w = textWidth(t);
      if (cx + w / 2 > f.x1) { t.setAttribute('text-anchor', 'end'); t.setAttribute('x', f.x1); }
      else if (cx - w / 2 < f.x0) { t.setAttribute('text-anchor', 'start'); t.setAttribute('x', f.x0); }
    }
    slaLines.forEach(function (l) {
      var yy = y(l.value);
      el('line', { x1: f.x0, x2: f.x1, y1: yy, y2: yy, 'class': 'sla-line', style: 'stroke:' + l.color }, f.svg);
    });
    lineLabels(f.svg, f.x1 - 4, slaLines.map(function (l) { return { y: y(l.value), text: l.text }; }), 'sla-text');

    KEYS.forEach(function (k) {
      var path = '';
      pts.forEach(function (p) {
        var v = p[k.key];
        if (v === undefined) { return; }
        path += (path ? 'L' : 'M') + x(p.rate).toFixed(1) + ' ' + y(v).toFixed(1);
      });
      if (!path) { return; }
      el('path', { d: path, 'class': 'sweep-line' + (k.dashed ? ' dashed' : ''), style: 'stroke:' + k.color }, f.svg);
      pts.forEach(function (p) {
        var v = p[k.key];
        if (v === undefined) { return; }
        var c = el('circle', { cx: x(p.rate), cy: y(v), r: 4.5, 'class': 'sweep-dot' + (p.met ? '' : ' missed'),
          style: (p.met ? 'fill:' : 'stroke:') + k.color }, f.svg);
        title(c, p.label + ' (' + p.pattern + '): ' + k.text + ' ' + fmt(v) + ' at ' + round(p.rate) + ' req/s'
          + (p.open ? ', from the intended send time' : '') + (p.met ? '' : ' — SLA missed'));
      });
    });
    // Each step's label under its lowest point.
    pts.forEach(function (p) {
      var low = -Infinity;
      KEYS.forEach(function (k) { if (p[k.key] !== undefined) { low = Math.max(low, y(p[k.key])); } });
      var t = label(f.svg, x(p.rate), Math.min(f.y0 - 4, low + 17), p.label, 'step-label', 'middle');
      if (x(p.rate) + textWidth(t) / 2 > f.x1) { t.setAttribute('text-anchor', 'end'); t.setAttribute('x', f.x1); }
    });
    var items = KEYS.map(function (k) { return { color: k.color, dashed: k.dashed, text: k.text }; });
    if (pts.some(function (p) { return !p.met; })) { items.push({ shape: 'ring', text: 'step missed the SLA' }); }
    legend(f.svg, f.x0, 22, items, f.x1);
    return 'drawn';
  }

  // ---- latency vs cost: the Pareto frontier ------------------------------------------------------------------

  /** Each benchmark a point (x its TTFT p95, y its cost per 1k requests); the frontier filled and joined. */
  function drawPareto(fig, p) {
    var pts = p.points.slice().sort(function (a, b) { return a.latency - b.latency || a.cost - b.cost; });
    if (!pts.length) { return empty(fig, 'No benchmark has both a latency and a known cost.'); }
    var H = 360;
    var f = frame(fig, H, { l: 84, r: 30, t: 40, b: 46 });
    var maxLatency = 0;
    var maxCost = 0;
    pts.forEach(function (q) { maxLatency = Math.max(maxLatency, q.latency); maxCost = Math.max(maxCost, q.cost); });
    var x = linear(0, maxLatency * 1.08 || 1, f.x0, f.x1, tickCount(f.x0, f.x1));
    var y = linear(0, maxCost * 1.12 || 1, f.y0, f.y1, tickCount(f.y0, f.y1));
    var money = function (v) { return String(round(v)); };
    yAxis(f, y, money, 'cost per 1k requests' + (p.currency ? ' (' + p.currency + ')' : ''));
    xAxis(f, x.ticks(), x, fmtTick, 'TTFT p95');
    var path = '';
    pts.filter(function (q) { return q.frontier; }).forEach(function (q) {
      path += (path ? 'L' : 'M') + x(q.latency).toFixed(1) + ' ' + y(q.cost).toFixed(1);
    });
    if (path) { el('path', { d: path, 'class': 'pareto-line' }, f.svg); }
    pts.forEach(function (q) {
      var c = el('circle', { cx: x(q.latency), cy: y(q.cost), r: 6, 'class': 'pareto-dot' + (q.frontier ? '' : ' off') }, f.svg);
      title(c, q.name + ' (' + q.model + '): TTFT p95 ' + fmt(q.latency) + ', ' + q.cost.toPrecision(4) + ' '
        + p.currency + ' per 1k' + (q.frontier ? ' — on the frontier' : '') + (q.met ? '' : ' — SLA missed'));
      var t = label(f.svg, x(q.latency) + 9, y(q.cost) - 8, q.name, 'step-label');
      if (x(q.latency) + 9 + textWidth(t) > f.x1) { t.setAttribute('text-anchor', 'end'); t.setAttribute('x', x(q.latency) - 9); }
    });
    legend(f.svg, f.x0, 22, [{ shape: 'dot', color: 'var(--ttft)', text: 'on the Pareto frontier' },
      { shape: 'ring', text: 'dominated: another is as fast and as cheap' }], f.x1);
    return 'drawn';
  }

  // ---- draw everything ----------------------------------------------------------------------------------------

  function drawAll() {
    var drawn = 0;
    var emptyCharts = 0;
    var figures = document.querySelectorAll('figure[data-chart]');
    Array.prototype.forEach.call(figures, function (fig) {
      Array.prototype.slice.call(fig.querySelectorAll('svg.lens-chart')).forEach(function (old) { old.remove(); });
      var kind = fig.dataset.chart;
      var b = fig.dataset.bench !== undefined ? data.benchmarks[+fig.dataset.bench] : null;
      try {
        var outcome;
        if (kind === 'curve') { outcome = drawCurve(fig, b); }
        else if (kind === 'hist') { outcome = drawHistogram(fig, b, fig.dataset.metric); }
        else if (kind === 'requests') { outcome = drawRequests(fig, b); }
        else if (kind === 'cold') { outcome = drawCold(fig, b); }
        else if (kind === 'compare') { outcome = drawCompare(fig); }
        else if (kind === 'pareto') { outcome = drawPareto(fig, data.pareto); }
        else if (kind === 'sweep') { outcome = drawSweep(fig, data.sweeps[+fig.dataset.sweep]); }
        else { throw new Error('unknown chart kind ' + kind); }
        if (outcome === 'drawn') {
          fig.dataset.drawn = 'true';
          drawn++;
        } else {
          emptyCharts++;
        }
      } catch (e) {
        fig.dataset.drawn = 'failed';
        console.error('chart ' + kind + ' failed: ' + (e && e.stack ? e.stack : e));
      }
    });
    document.body.dataset.chartsDrawn = String(drawn);
    document.body.dataset.chartsEmpty = String(emptyCharts);
  }

  drawAll();
  var lastWidth = document.documentElement.clientWidth;
  var pendingResize = 0;
  window.addEventListener('resize', function () {
    if (document.documentElement.clientWidth === lastWidth) { return; }
    lastWidth = document.documentElement.clientWidth;
    window.clearTimeout(pendingResize);
    pendingResize = window.setTimeout(function () { hideTip(); drawAll(); }, 150);
  });
})();
