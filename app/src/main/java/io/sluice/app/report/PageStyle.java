package io.sluice.app.report;

/**
 * The report's stylesheet and its one script, inlined in the page: nothing is fetched, so the page
 * reads the same offline and from {@code file://}. Neither contains {@code <} or {@code &}, so both
 * sit in the page as plain text that an HTML and an XML parser read alike. The script only sorts
 * tables when a column header is clicked; the page reads fully without it.
 */
final class PageStyle {
    private PageStyle() {}

    static final String CSS = """
            body{margin:0;background:#f5f6f8;color:#1c2228;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:1360px;margin:0 auto;padding:12px 24px 40px}
            h1{font-size:24px;margin:10px 0 2px}
            h2{font-size:18px;margin:30px 0 10px;padding-bottom:4px;border-bottom:2px solid #d6dbe0}
            h3{font-size:15px;margin:0 0 6px}
            a{color:#1f5fa8}
            p.lead{font-size:16px;margin:6px 0 14px}
            p.note,figcaption,.small{color:#5b6570;font-size:12.5px}
            nav{margin:6px 0 10px;font-size:13px}
            nav a{margin-right:14px}
            table{border-collapse:collapse;background:#fff;border:1px solid #dfe3e8}
            th,td{padding:4px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #e8ebee}
            thead th{background:#eef1f4;font-weight:600;white-space:nowrap}
            table.sortable thead th{cursor:pointer}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            table.facts th{font-weight:normal;color:#5b6570;white-space:nowrap}
            table.facts td{font-variant-numeric:tabular-nums}
            .facts-wrap{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
            .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:18px 24px;align-items:start}
            .grid table{width:100%}
            td.barcell{width:38%;min-width:100px;vertical-align:middle}
            .hbar{display:block;height:12px;min-width:2px;border-radius:2px;background:#4a78b5}
            code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
            code{overflow-wrap:anywhere}
            ul.sevs{list-style:none;display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:8px 0 12px}
            ul.sevs li{padding:6px 12px;border-radius:4px;color:#fff;font-size:13px}
            ul.sevs li b{font-size:18px;margin-left:6px}
            ul.sevs li.zero{opacity:.35}
            span.chip{display:inline-block;padding:1px 7px;border-radius:3px;color:#fff;font-size:12px;white-space:nowrap}
            .sev-5{background:#6a1b9a;fill:#6a1b9a}
            .sev-4{background:#c62828;fill:#c62828}
            .sev-3{background:#e46a00;fill:#e46a00}
            .sev-2{background:#b88a00;fill:#d4a200}
            .sev-1{background:#6d7f8b;fill:#8597a3}
            table.alerts{width:100%;font-size:13px;table-layout:fixed}
            table.alerts thead th{white-space:normal}
            table.alerts th.c-time{width:112px}
            table.alerts th.c-sev{width:88px}
            table.alerts th.c-tech{width:200px}
            table.alerts th.c-comp{width:110px}
            table.alerts th.c-ent{width:190px}
            table.alerts th.c-ev{width:240px}
            table.alerts td{overflow-wrap:anywhere}
            table.alerts td.ev code{display:block}
            table.alerts td.ev div{margin-top:4px}
            figure.timeline{margin:0;background:#fff;border:1px solid #dfe3e8;padding:8px 8px 4px}
            figure.timeline svg{display:block}
            svg rect.bar{fill:#4a78b5}
            svg rect.bar:hover{fill:#22528f}
            svg .grid{stroke:#e5e8ec}
            svg .lane{stroke:#eef0f3}
            svg .axis{stroke:#8a939c}
            svg .ax{font-size:12px;fill:#5b6570}
            svg circle.mark{stroke:#fff;stroke-width:1}
            footer{margin-top:36px;color:#5b6570;font-size:12.5px}
            """;

    static final String SCRIPT = """
            (function () {
              function key(cell) {
                var v = cell.getAttribute('data-v');
                return v === null ? cell.textContent.trim().toLowerCase() : Number(v);
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                var heads = table.tHead.rows[0].cells;
                Array.prototype.forEach.call(heads, function (th, i) {
                  th.title = 'Sort by this column';
                  th.addEventListener('click', function () {
                    var down = th.getAttribute('aria-sort') !== 'descending';
                    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
                    th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var x = key(a.cells[i]), y = key(b.cells[i]);
                      var c = x > y ? 1 : (y > x ? -1 : 0);
                      return down ? -c : c;
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
              });
            })();
            """;
}
