/** The stylesheet of gate_report.html (inlined). */
export const REPORT_PAGE_STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; margin: 0; background: #fff; }
header, main, nav { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
h1 { margin: 20px 0 6px; font-size: 24px; }
h2 { margin: 30px 0 8px; font-size: 20px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { margin: 20px 0 4px; font-size: 15px; }
.verdict { font-size: 16px; font-weight: 600; margin: 0 0 8px; }
.pass { color: #116329; } .fail { color: #b42318; }
td.pass { background: #e6f4ea; } td.fail { background: #fde7e4; } td.off { color: #6e7781; }
.badge { font-size: 13px; padding: 2px 8px; border-radius: 10px; color: #fff; vertical-align: middle; }
.badge.pass { background: #1a7f37; } .badge.fail { background: #cf222e; }
dl.facts, dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; font-size: 13px; }
dl.facts dt, dl.figures dt { color: #57606a; } dl.facts dd, dl.figures dd { margin: 0; overflow-wrap: anywhere; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 10px auto; }
nav a { text-decoration: none; font-weight: 600; }
table { border-collapse: collapse; font-size: 12.5px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: 3px 7px; text-align: right; white-space: nowrap; }
th { background: #f6f8fa; text-align: center; } th[scope=row] { text-align: left; }
table.verdicts td { text-align: center; } table.verdicts thead th { white-space: normal; min-width: 64px; }
.threshold { font-weight: 400; color: #57606a; font-size: 11px; }
.margin { font-size: 11px; color: #57606a; }
td.fail .margin { color: #b42318; font-weight: 600; }
table.gates tr.fail td { background: #fde7e4; } table.gates tr.off td, table.gates tr.n\\/a td { color: #6e7781; }
table.gates td:first-child, table.windows td:nth-child(3) { text-align: left; }
table.windows td:nth-child(2) { font-size: 11.5px; line-height: 1.3; }
.scroll { overflow-x: auto; max-width: 100%; }
.cols { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.note { color: #57606a; font-size: 12.5px; margin: 2px 0 6px; }
.why { font-weight: 600; margin: 4px 0; } .costs { margin: 4px 0 10px; }
.chart { min-height: 220px; margin: 4px 0 8px; }
.chart .u-legend { font-size: 12px; }
.chart-error { color: #b42318; }
`;
