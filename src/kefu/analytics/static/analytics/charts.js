/* The analytics charts: every element with data-chart="key" gets the ECharts option of that
   key from the JSON in #analytics-charts (no inline script, so the page keeps a strict CSP). */
(function () {
  "use strict";
  var source = document.getElementById("analytics-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var options = JSON.parse(source.textContent);
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (node) {
    var option = options[node.getAttribute("data-chart")];
    if (!option) { return; }
    // Set from script, not a style attribute: a strict style-src allows CSSOM changes.
    node.style.height = (option.series && option.series[0].type === "pie" ? 280 : 320) + "px";
    var chart = echarts.init(node);
    chart.setOption(option);
    chart.on("finished", function () { node.setAttribute("data-rendered", "true"); });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
