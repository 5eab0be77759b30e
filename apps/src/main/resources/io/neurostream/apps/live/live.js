// Neurostream live view: polls /api/state once a second and draws it with ECharts.
'use strict';

const COLORS = ['#2f6fde', '#e0803a', '#1f9d55', '#c73636', '#8a5cd1', '#0f9fb5'];
const charts = {};
let layoutKind = null;
let ticks = 0;

const fmt = (v, digits = 0) => v == null || Number.isNaN(v) ? '–'
  : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// elapsed seconds since the view started: whole seconds on the axis
const elapsedAxis = () => baseAxis('elapsed (s)', { type: 'value', min: 'dataMin', max: 'dataMax',
  axisLabel: { color: '#4b5663', fontSize: 11, formatter: v => Math.round(v), showMinLabel: false } });

const baseAxis = (name, extra = {}) => ({
  name, nameLocation: 'middle', nameGap: 30, nameTextStyle: { color: '#6b7785', fontSize: 11 },
  axisLine: { lineStyle: { color: '#b8c2cc' } }, axisLabel: { color: '#4b5663', fontSize: 11 },
  splitLine: { lineStyle: { color: '#eef1f5' } }, ...extra,
});

const base = (extra = {}) => ({
  animation: false,
  color: COLORS,
  grid: { left: 62, right: 58, top: 34, bottom: 44 },
  tooltip: { trigger: 'axis' },
  legend: { top: 0, right: 8, textStyle: { fontSize: 11 }, itemWidth: 14, itemHeight: 8 },
  ...extra,
});

function card(id, title, caption = true) {
  const el = document.createElement('section');
  el.className = 'card';
  el.innerHTML = `<h2>${title}</h2><div class="chart" id="chart-${id}"></div>`
    + (caption ? `<div class="caption" id="caption-${id}"></div>` : '');
  const grid = document.getElementById('grid');
  grid.insertBefore(el, document.getElementById('dead-card'));
  charts[id] = echarts.init(document.getElementById('chart-' + id), null, { renderer: 'canvas' });
  return charts[id];
}

function layout(kind) {
  layoutKind = kind;
  const dvs = kind === 'dvs';
  document.getElementById('kpi-in-label').textContent = dvs ? 'events in' : 'spikes in';
  document.getElementById('kpi-score-label').textContent = dvs ? 'accuracy' : 'R²';
  document.getElementById('kpi-score-unit').textContent = dvs ? 'running, labelled windows (job metric)'
    : 'running, labelled bins (job metric)';
  card('throughput', 'Throughput');
  card('latency', 'Latency, ingest → prediction');
  if (dvs) {
    card('score', 'Accuracy as learning proceeds');
    card('raster', 'Reservoir spike raster (latest window)');
    card('surface', 'Time surface of the sensor');
    card('confusion', 'Confusion matrix (prequential)');
  } else {
    card('score', 'R² of decoded velocity as learning proceeds');
    card('raster', 'Input spike raster (last second)');
    card('decodedx', 'Decoded vs true velocity, x');
    card('decodedy', 'Decoded vs true velocity, y');
  }
  card('model', dvs ? 'Reservoir and readout' : 'Input and decoder');
  charts.dead = echarts.init(document.getElementById('chart-dead-reasons'));
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
}

function timeSeries(s, key) {
  return s.t.map((t, i) => [t, s[key][i]]);
}

function drawCommon(st) {
  const s = st.series;
  const dvs = st.kind === 'dvs';
  const inName = dvs ? 'events/s (job)' : 'spikes/s (job)';
  const topic = dvs ? 'dvs.events' : 'neural.spikes';
  charts.throughput.setOption(base({
    xAxis: elapsedAxis(),
    yAxis: [baseAxis(dvs ? 'events / s' : 'spikes / s', { type: 'value', nameGap: 48 }),
      baseAxis('records / s', { type: 'value', nameGap: 40, splitLine: { show: false } })],
    series: [
      { name: inName, type: 'line', showSymbol: false, data: timeSeries(s, 'inPerSecond'), areaStyle: { opacity: .08 } },
      { name: 'predictions/s (job)', type: 'line', showSymbol: false, yAxisIndex: 1, data: timeSeries(s, 'predictionsPerSecond') },
      { name: topic + ' records/s', type: 'line', showSymbol: false, yAxisIndex: 1, lineStyle: { type: 'dashed' }, data: timeSeries(s, 'inputRecordsPerSecond') },
    ],
  }));
  document.getElementById('caption-throughput').textContent =
    'Job meters (10 s moving rate) and records appended to the input topic.';
  charts.latency.setOption(base({
    xAxis: elapsedAxis(),
    yAxis: baseAxis('latency (ms)', { type: 'value', nameGap: 44 }),
    series: ['P50', 'P95', 'P99'].map((p, i) => ({
      name: p.toLowerCase(), type: 'line', showSymbol: false, data: timeSeries(s, 'latency' + p + 'Ms'),
      color: ['#1f9d55', '#e0803a', '#c73636'][i],
    })),
  }));
  document.getElementById('caption-latency').textContent =
    'Percentiles of the job\'s latency histogram (last 1,000 predictions): Kafka append time of the record that closed the window → prediction emitted.';
  charts.model.setOption(base({
    xAxis: elapsedAxis(),
    yAxis: [baseAxis(dvs ? 'firing rate (Hz)' : 'input rate (Hz per unit)', { type: 'value', nameGap: 44 }),
      baseAxis('weight norm (Frobenius)', { type: 'value', nameGap: 44, splitLine: { show: false } })],
    series: [
      { name: dvs ? 'reservoir firing rate' : 'input firing rate', type: 'line', showSymbol: false, data: timeSeries(s, 'reservoirFiringRateHz') },
      { name: 'readout weights', type: 'line', showSymbol: false, yAxisIndex: 1, data: timeSeries(s, 'readoutWeightNorm') },
      { name: 'plastic synapses', type: 'line', showSymbol: false, yAxisIndex: 1, data: timeSeries(s, 'plasticWeightNorm') },
    ],
  }));
  document.getElementById('caption-model').textContent = dvs
    ? 'Mean spikes per neuron per second in the last window; weight norms of the RLS readout and of the plastic (FEAST) synapses, if any.'
    : 'Mean spikes per unit per second in the last bin; norm of the decoder\'s learned weights.';

  const reasons = Object.entries(st.deadLetters.byReason);
  charts.dead.setOption({
    animation: false,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, show: reasons.length > 0, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'category', show: reasons.length > 0, data: reasons.map(r => r[0]), axisLabel: { fontSize: 10, width: 220, overflow: 'truncate' } },
    series: [{ type: 'bar', barMaxWidth: 22, data: reasons.map(r => r[1]), color: '#c73636', label: { show: true, position: 'right' } }],
    title: reasons.length ? undefined : { text: 'no dead letters', left: 'center', top: 'middle', textStyle: { color: '#9aa5b1', fontSize: 13, fontWeight: 400 } },
  }, true);
  const dropped = Object.entries(st.droppedByReason).filter(e => e[1] > 0).map(e => `${fmt(e[1])} ${e[0]}`);
  document.getElementById('dead-summary').textContent = `· ${fmt(st.deadLetters.total)} read from dead-letters`
    + (dropped.length ? ' · dropped by the job: ' + dropped.join(', ') : '');
  const tbody = document.querySelector('#dead-table tbody');
  tbody.innerHTML = '';
  for (const d of st.deadLetters.recent) {
    const tr = document.createElement('tr');
    for (const [k, cls] of [['time', ''], ['topic', ''], ['offset', ''], ['reason', 'reason']]) {
      const td = document.createElement('td');
      td.textContent = d[k];
      if (cls) td.className = cls;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
}

function drawDvs(st) {
  const curve = st.accuracyCurve;
  charts.score.setOption(base({
    xAxis: baseAxis('labelled windows predicted', { type: 'value', min: 0 }),
    yAxis: baseAxis('accuracy (%)', { type: 'value', min: 0, max: 100, nameGap: 40 }),
    series: [{ name: 'last 100 labelled windows', type: 'line', showSymbol: false, data: curve.map(p => [p[0], 100 * p[1]]),
      areaStyle: { opacity: .08 } }],
  }));
  document.getElementById('caption-score').textContent =
    `Prequential: each window predicted before its label teaches the readout (from the predictions topic; ${fmt(st.labelledPredictions)} so far).`;

  const r = st.raster;
  const exc = r.points.filter(p => p[1] < r.excitatory);
  const inh = r.points.filter(p => p[1] >= r.excitatory);
  charts.raster.setOption(base({
    tooltip: { trigger: 'item' },
    xAxis: baseAxis('time in window (ms)', { type: 'value', min: 0, max: r.windowMs }),
    yAxis: baseAxis('neuron', { type: 'value', min: 0, max: r.neurons, nameGap: 40 }),
    series: [
      { name: 'excitatory', type: 'scatter', symbolSize: 3, data: exc, color: '#2f6fde', large: true },
      { name: 'inhibitory', type: 'scatter', symbolSize: 3, data: inh, color: '#c73636', large: true },
    ],
  }));
  document.getElementById('caption-raster').textContent = r.caption
    + ' · replayed from the input topic through the job\'s liquid (same seed and topology).';

  if (st.surface) {
    const sf = st.surface;
    const data = [];
    for (let y = 0; y < sf.height; y++) for (let x = 0; x < sf.width; x++) data.push([x, y, sf.values[y * sf.width + x]]);
    charts.surface.setOption({
      animation: false,
      tooltip: { position: 'top' },
      grid: { left: 50, right: 70, top: 14, bottom: 40 },
      xAxis: baseAxis('x (px)', { type: 'category', data: [...Array(sf.width).keys()], splitLine: { show: false }, axisLabel: { interval: Math.ceil(sf.width / 8) - 1, fontSize: 10 } }),
      yAxis: baseAxis('y (px)', { type: 'category', inverse: true, data: [...Array(sf.height).keys()], splitLine: { show: false }, axisLabel: { interval: Math.ceil(sf.height / 8) - 1, fontSize: 10 } }),
      visualMap: { min: -1, max: 1, calculable: false, orient: 'vertical', right: 4, top: 'middle', itemHeight: 150, text: ['ON', 'OFF'],
        textStyle: { fontSize: 10 }, inRange: { color: ['#c73636', '#f3b3a6', '#ffffff', '#a9c8f5', '#2f6fde'] } },
      series: [{ type: 'heatmap', data, progressive: 0 }],
    });
    document.getElementById('caption-surface').textContent = sf.caption + ' · e^(−Δt/τ), signed by polarity.';
  }

  const c = st.confusion;
  const n = c.length;
  const cells = [];
  let max = 1;
  for (let t = 0; t < n; t++) for (let p = 0; p < n; p++) { cells.push([p, t, c[t][p]]); max = Math.max(max, c[t][p]); }
  charts.confusion.setOption({
    animation: false,
    tooltip: { position: 'top', formatter: p => `true ${p.value[1]}, predicted ${p.value[0]}: ${p.value[2]}` },
    grid: { left: 50, right: 20, top: 14, bottom: 40 },
    xAxis: baseAxis('predicted class', { type: 'category', data: [...Array(n).keys()], splitArea: { show: true }, splitLine: { show: false } }),
    yAxis: baseAxis('true class', { type: 'category', inverse: true, data: [...Array(n).keys()], splitArea: { show: true }, splitLine: { show: false } }),
    visualMap: { min: 0, max, show: false, inRange: { color: ['#ffffff', '#2f6fde'] } },
    series: [{ type: 'heatmap', data: cells, label: { show: true, fontSize: 9, formatter: p => p.value[2] || '' } }],
  });
  const total = cells.reduce((a, x) => a + x[2], 0);
  const right = c.reduce((a, row, i) => a + row[i], 0);
  document.getElementById('caption-confusion').textContent = total
    ? `${fmt(total)} labelled windows, ${fmt(100 * right / total, 1)} % on the diagonal (rows true, columns predicted).`
    : 'Waiting for labelled predictions.';
}

function drawSpikes(st) {
  const decoders = Object.keys(st.r2Curve);
  charts.score.setOption(base({
    xAxis: baseAxis('recording time (s)', { type: 'value', min: 'dataMin', max: 'dataMax', axisLabel: { color: '#4b5663', fontSize: 11, formatter: v => v.toFixed(1), showMinLabel: false } }),
    yAxis: baseAxis('R² (mean of x, y)', { type: 'value', max: 1, nameGap: 40 }),
    series: decoders.map(d => ({ name: d.replace('spike-decode.', ''), type: 'line', showSymbol: false, data: st.r2Curve[d] })),
  }), true);
  document.getElementById('caption-score').textContent =
    `Session ${st.session}: R² over the last 200 bins whose label is on the labels topic (held-out bins carry none).`;
  const r = st.raster;
  charts.raster.setOption(base({
    tooltip: { trigger: 'item' },
    xAxis: baseAxis('recording time (s)', { type: 'value', min: 'dataMin', max: 'dataMax', axisLabel: { color: '#4b5663', fontSize: 11, formatter: v => v.toFixed(1), showMinLabel: false } }),
    yAxis: baseAxis('unit', { type: 'value', min: 0, max: Math.max(1, r.units), nameGap: 40,
      axisLabel: { color: '#4b5663', fontSize: 11, showMaxLabel: false } }),
    series: [{ name: 'spikes', type: 'scatter', symbolSize: 2.5, large: true, data: r.points, color: '#16202c' }],
  }));
  document.getElementById('caption-raster').textContent = `Session ${r.session}: ${fmt(r.points.length)} spikes of ${r.units} units, read from neural.spikes.`;
  for (const [axis, idx] of [['x', 1], ['y', 2]]) {
    const series = Object.entries(st.decoded).map(([d, rows]) => ({
      name: d.replace('spike-decode.', ''), type: 'line', showSymbol: false, data: rows.map(row => [row[0], row[idx]]),
    }));
    const first = Object.values(st.decoded)[0] || [];
    series.push({ name: 'true', type: 'line', showSymbol: false, data: first.map(row => [row[0], row[idx + 2]]),
      color: '#16202c', lineStyle: { width: 2, type: 'dashed' }, connectNulls: false });
    charts['decoded' + axis].setOption(base({
      xAxis: baseAxis('recording time (s)', { type: 'value', min: 'dataMin', max: 'dataMax', axisLabel: { color: '#4b5663', fontSize: 11, formatter: v => v.toFixed(1), showMinLabel: false } }),
      yAxis: baseAxis(`velocity ${axis} (label units)`, { type: 'value', nameGap: 40 }),
      series,
    }), true);
    document.getElementById('caption-decoded' + axis).textContent =
      `Session ${st.session}, last ${first.length} bins; the true line has gaps where bins are held out.`;
  }
}

function drawKpis(st) {
  const s = st.series;
  const last = key => s[key].length ? s[key][s[key].length - 1] : null;
  const dvs = st.kind === 'dvs';
  document.getElementById('job-title').textContent = st.title;
  const state = document.getElementById('job-state');
  state.textContent = st.job.status + (st.job.status === 'RECOVERED' ? ` · RUNNING` : '');
  state.dataset.state = st.job.status;
  document.getElementById('kpi-in').textContent = fmt(last('inPerSecond'));
  document.getElementById('kpi-pred').textContent = fmt(last('predictionsPerSecond'), 1);
  document.getElementById('kpi-p99').textContent = fmt(last('latencyP99Ms'));
  const score = last('runningScore');
  document.getElementById('kpi-score').textContent = score == null ? '–' : dvs ? fmt(100 * score, 1) + ' %' : fmt(score, 3);
  document.getElementById('kpi-version').textContent = fmt(last('modelVersion'));
  document.getElementById('kpi-total').textContent = fmt(st.predictions.total);
  document.getElementById('kpi-dead').textContent = fmt(st.deadLetters.total);
  document.getElementById('kpi-restarts').textContent = fmt(st.job.restarts);
  document.getElementById('updated').textContent = `updated ${new Date().toLocaleTimeString('en-GB')} · up ${fmt(st.uptimeSeconds)} s`;
  // What the browser test reads (chromium --dump-dom): live values, and how much each chart holds.
  const readout = document.getElementById('readout');
  readout.dataset.ticks = ticks;
  readout.dataset.predictions = st.predictions.total;
  readout.dataset.inPerSecond = last('inPerSecond') ?? '';
  readout.dataset.latencyP99Ms = last('latencyP99Ms') ?? '';
  readout.dataset.jobStatus = st.job.status;
  readout.dataset.chartPoints = Object.entries(charts).map(([id, c]) => {
    const series = (c.getOption() || {}).series || [];
    return id + ':' + series.reduce((a, x) => a + ((x.data || []).filter(v => v != null && (!Array.isArray(v) || v[v.length - 1] != null)).length), 0);
  }).join(',');
}

async function tick() {
  try {
    const response = await fetch('api/state', { cache: 'no-store' });
    const st = await response.json();
    if (!st.kind) return;
    if (layoutKind !== st.kind) layout(st.kind);
    ticks++;
    drawCommon(st);
    if (st.kind === 'dvs') drawDvs(st); else drawSpikes(st);
    drawKpis(st);
  } catch (e) {
    const state = document.getElementById('job-state');
    state.textContent = 'NO CONNECTION';
    state.dataset.state = 'FAILED';
  }
}

tick();
setInterval(tick, 1000);
