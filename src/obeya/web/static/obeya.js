// obeya dashboard: live tiles (server-sent events) and the line page's ECharts chart.
(function () {
  "use strict";

  function updateTile(change) {
    var tile = document.querySelector('[data-machine="' + CSS.escape(change.machine) + '"]');
    if (!tile) { return; }
    tile.className = tile.className.replace(/state-\S+/, "state-" + change.state);
    tile.dataset.state = change.state;
    var label = tile.querySelector(".tile-state");
    if (label) {
      label.textContent = change.state.replace("_", " ") + (change.reason ? ": " + change.reason : "");
    }
  }

  function startLive() {
    if (!document.getElementById("floor") || !window.EventSource) { return; }
    var status = document.getElementById("live-status");
    var floor = document.getElementById("floor");
    var source = new EventSource("/live?since=" + encodeURIComponent(floor.dataset.version || ""));
    source.addEventListener("open", function () { if (status) { status.textContent = "(connected)"; } });
    source.addEventListener("error", function () { if (status) { status.textContent = "(reconnecting)"; } });
    source.addEventListener("state", function (message) {
      JSON.parse(message.data).forEach(updateTile);
      document.body.dispatchEvent(new CustomEvent("obeya:state"));
    });
  }

  function shiftChart() {
    var element = document.getElementById("shift-chart");
    if (!element || !window.echarts) { return; }
    var percent = function (values) {
      return values.map(function (v) { return v === null ? null : Math.round(v * 1000) / 10; });
    };
    var chart = window.echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["OEE %", "Availability %"] },
      xAxis: { type: "category", data: JSON.parse(element.dataset.rows) },
      yAxis: { type: "value", max: 100 },
      series: [
        { name: "OEE %", type: "bar", data: percent(JSON.parse(element.dataset.oee)) },
        { name: "Availability %", type: "bar", data: percent(JSON.parse(element.dataset.availability)) }
      ]
    });
  }

  // A control chart from the monitor's chart JSON: points, center line, limits per point,
  // violating points as triangles whose tooltip names the rules (the table below lists them too).
  function spcChart(element) {
    var chart = JSON.parse(element.dataset.chart);
    var rules = {};
    chart.violations.forEach(function (v) { (rules[v.subgroup] = rules[v.subgroup] || []).push(v.rule); });
    var labels = chart.points.map(function (p) { return p.subgroup; });
    var flagged = chart.points.filter(function (p) { return rules[p.subgroup]; })
      .map(function (p) { return [p.subgroup, p.value]; });
    var line = function (name, key, dashed) {
      return { name: name, type: "line", step: "middle", symbol: "none", data: chart.points.map(function (p) { return p[key]; }),
               lineStyle: { type: dashed ? "dashed" : "solid", width: 1 } };
    };
    window.echarts.init(element).setOption({
      animation: false,
      title: { text: element.dataset.title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis", formatter: function (items) {
        var label = items[0].axisValue;
        var text = items.filter(function (i) { return typeof i.value === "number"; })
          .map(function (i) { return i.seriesName + ": " + Number(i.value).toPrecision(6); });
        if (rules[label]) { text.push("VIOLATION: " + rules[label].join(", ")); }
        return [label].concat(text).join("<br>");
      } },
      legend: { top: 22, data: ["value", "center", "UCL", "LCL", "violation"] },
      grid: { top: 55, left: 60, right: 20, bottom: 30 },
      xAxis: { type: "category", data: labels, axisLabel: { show: false } },
      yAxis: { type: "value", scale: true },
      series: [
        { name: "value", type: "line", data: chart.points.map(function (p) { return p.value; }), symbolSize: 5 },
        { name: "center", type: "line", symbol: "none", data: labels.map(function () { return chart.center; }), lineStyle: { width: 1 } },
        line("UCL", "ucl", true), line("LCL", "lcl", true),
        { name: "violation", type: "scatter", data: flagged, symbol: "triangle", symbolSize: 12, itemStyle: { color: "#b3261e" } }
      ]
    });
  }

  // The capability histogram with the specification limits as marked lines.
  function histogram(element) {
    var h = JSON.parse(element.dataset.histogram);
    var centers = h.counts.map(function (_, i) { return (h.edges[i] + h.edges[i + 1]) / 2; });
    var width = h.edges.length > 1 ? h.edges[1] - h.edges[0] : 1;
    var limits = [];
    if (h.lsl !== null) { limits.push({ name: "LSL", xAxis: h.lsl }); }
    if (h.usl !== null) { limits.push({ name: "USL", xAxis: h.usl }); }
    var low = Math.min(h.edges[0], h.lsl === null ? Infinity : h.lsl) - width;
    var high = Math.max(h.edges[h.edges.length - 1], h.usl === null ? -Infinity : h.usl) + width;
    window.echarts.init(element).setOption({
      animation: false,
      tooltip: { trigger: "item" },
      xAxis: { type: "value", min: low, max: high, scale: true,
               axisLabel: { formatter: function (v) { return String(Number(v.toPrecision(6))); } } },
      yAxis: { type: "value", name: "count" },
      series: [{ name: "measurements", type: "bar", barWidth: "90%", data: centers.map(function (c, i) { return [c, h.counts[i]]; }),
                 markLine: { symbol: "none", label: { formatter: "{b}" }, lineStyle: { type: "dashed", color: "#b3261e" }, data: limits } }]
    });
  }

  function qualityCharts() {
    if (!window.echarts) { return; }
    document.querySelectorAll(".spc-chart").forEach(spcChart);
    var element = document.getElementById("histogram");
    if (element) { histogram(element); }
  }

  document.addEventListener("DOMContentLoaded", function () { startLive(); shiftChart(); qualityCharts(); });
})();
