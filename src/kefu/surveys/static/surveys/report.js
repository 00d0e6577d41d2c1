/* The satisfaction report's chart: the rate per month (line) and how many answered (bars). */
(function () {
  "use strict";
  var node = document.getElementById("satisfaction-chart");
  var source = document.getElementById("chart-data");
  if (!node || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(node);
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 40, top: 20, bottom: 30 },
    xAxis: { type: "category", data: data.trend.map(function (p) { return p.month; }) },
    yAxis: [
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      { type: "value", minInterval: 1 }
    ],
    series: [
      { name: data.rate_label, type: "line", smooth: true,
        data: data.trend.map(function (p) { return p.rate; }) },
      { name: "n", type: "bar", yAxisIndex: 1, barWidth: 14, itemStyle: { opacity: 0.3 },
        data: data.trend.map(function (p) { return p.n; }) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
