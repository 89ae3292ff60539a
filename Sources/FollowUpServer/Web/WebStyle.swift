/// The web page's style sheet, served from the binary at `/web/style.css`.
///
/// Colours keep at least 4.5:1 contrast against their backgrounds (WCAG 2.1 AA); overdue rows
/// stand out by a border and a weight, not by colour alone; tables become cards on a phone.
enum WebStyle {
    static let css = """
        :root { --ink: #1b1f24; --muted: #4f5b66; --line: #c9d1d9; --paper: #ffffff; --wash: #f4f6f8;
                --accent: #0b5cad; --alert: #a4161a; --alert-wash: #fdecec; --ok: #1a6b35; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--wash); }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #f0a500; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 4px 8px; }
        .bar { display: flex; gap: 16px; align-items: center; padding: 10px 20px; background: var(--ink); color: #fff; flex-wrap: wrap; }
        .bar a, .bar .link { color: #fff; } .brand { font-weight: 700; text-decoration: none; margin-right: auto; }
        .role { font-size: 0.85em; opacity: 0.9; border: 1px solid #fff; border-radius: 4px; padding: 0 4px; }
        main { max-width: 1100px; margin: 0 auto; padding: 16px 20px 48px; }
        h1 { font-size: 1.6rem; margin: 8px 0 16px; } h2 { font-size: 1.25rem; margin: 0 0 8px; } h3 { font-size: 1rem; margin: 16px 0 4px; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 0 0 16px; }
        .narrow { max-width: 380px; }
        label { display: block; font-weight: 600; margin: 10px 0 4px; }
        input, select, textarea { font: inherit; width: 100%; padding: 8px; border: 1px solid #6e7781; border-radius: 6px; background: #fff; color: var(--ink); }
        button { font: inherit; margin-top: 12px; padding: 8px 14px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: #57606a; } button.link { background: none; padding: 0; margin: 0; text-decoration: underline; }
        form.inline { display: inline-flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 0; }
        form.inline input { width: auto; min-width: 12em; } form.inline button { margin-top: 0; }
        .filter { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; } .filter label { margin: 0; } .filter input { width: 16em; }
        .filter button { margin-top: 0; }
        table { width: 100%; border-collapse: collapse; background: var(--paper); border: 1px solid var(--line); }
        th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th a { color: var(--ink); } th[aria-sort] a::after { content: " ▾"; }
        tr.overdue { background: var(--alert-wash); box-shadow: inset 4px 0 0 var(--alert); } tr.overdue strong { color: var(--alert); }
        .muted { color: var(--muted); } .problem { color: var(--alert); font-weight: 600; } .flash { color: var(--ok); font-weight: 600; }
        ul.due, ul.follow-ups, ul.notes, ol.history { padding-left: 20px; } li { margin: 4px 0; }
        li.overdue strong { color: var(--alert); } li.overdue { font-weight: 600; }
        .addition { color: var(--muted); } .person { background: var(--wash); border-radius: 4px; padding: 0 6px; }
        pre { white-space: pre-wrap; background: var(--wash); padding: 12px; border-radius: 6px; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; margin-top: 16px; } legend { font-weight: 700; }
        label.check { display: flex; gap: 8px; align-items: center; font-weight: 400; } label.check input { width: auto; }
        ul.frames, ul.mentions { padding-left: 20px; } h4 { margin: 12px 0 4px; }
        .preview { border-left: 4px solid var(--accent); padding: 4px 10px; background: var(--wash); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16em, 1fr)); gap: 0 16px; }
        details.add-interview summary { font-weight: 700; cursor: pointer; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        @media (max-width: 640px) {
          main { padding: 12px; }
          table.caseload thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
          table.caseload, table.caseload tbody, table.caseload tr, table.caseload th, table.caseload td { display: block; width: 100%; }
          table.caseload tr { border-bottom: 2px solid var(--line); padding: 6px 0; }
          table.caseload td::before { content: attr(data-label) ": "; font-weight: 600; }
          form.inline input { min-width: 0; width: 100%; }
        }
        """
}
