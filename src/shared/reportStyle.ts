// The stylesheet of the exported HTML report. The report is opened without VS Code, so it has its
// own light and dark palette instead of --vscode-* variables; the class names match the webview's.

export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --changed: #fff8c5; --bar: #0969da; --bar2: #8250df; --bar3: #bf8700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --border: #3d444d;
  --pass: #3fb950; --fail: #f85149; --warn: #d29922; --changed: #3b2e00; --bar: #4493f8; --bar2: #ab7df8; --bar3: #d29922; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 20px 0 8px; }
.subtitle, .meta { color: var(--muted); }
.sentence { padding: 8px 12px; border-left: 4px solid var(--border); background: var(--panel); }
.sentence.tone-pass { border-color: var(--pass); } .sentence.tone-fail { border-color: var(--fail); }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { border: 1px solid var(--border); background: var(--panel); border-radius: 6px; padding: 6px 10px; min-width: 140px; }
.summary-table { border-collapse: collapse; width: auto; margin: 8px 0; }
.summary-table th, .summary-table td { background: none; position: static; padding: 3px 14px 3px 0; }
.summary-table thead th { color: var(--muted); font-weight: normal; font-size: 12px; }
.summary-table .card-value { font-weight: 600; margin-right: 6px; } .summary-table .card-detail { color: var(--muted); font-size: 12px; }
.cards .card-title { color: var(--muted); font-size: 12px; } .cards .card-value { font-size: 17px; font-weight: 600; } .cards .card-detail { color: var(--muted); font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); position: sticky; top: 0; }
td.end, th.end { text-align: right; }
tr.row-changed td { background: var(--changed); }
tfoot td { font-weight: 600; background: var(--panel); }
.sub { display: block; color: var(--muted); font-size: 12px; }
.tone-pass { color: var(--pass); } .tone-fail { color: var(--fail); } .tone-error { color: var(--fail); } .tone-warn { color: var(--warn); } .tone-muted { color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-word; background: var(--panel); padding: 6px 8px; border-radius: 4px; margin: 4px 0; }
details summary { cursor: pointer; color: var(--muted); }
.chart text { fill: var(--fg); font-size: 11px; } .chart .chart-title { font-weight: 600; } .chart .chart-tick { fill: var(--muted); }
.chart .chart-track { fill: var(--panel); } .chart .chart-axis { stroke: var(--border); }
.chart .bar-pass { fill: var(--bar); } .chart .bar-cost { fill: var(--bar2); } .chart .bar-latency { fill: var(--bar3); }
.chart .chart-whisker { stroke: var(--fg); stroke-width: 1.5; }
.chart .marker-p50 { stroke: var(--fg); stroke-width: 1.5; } .chart .marker-p95 { stroke: var(--fail); stroke-width: 1.5; stroke-dasharray: 3 2; }
`;
