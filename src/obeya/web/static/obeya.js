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

  document.addEventListener("DOMContentLoaded", function () { startLive(); shiftChart(); });
})();
