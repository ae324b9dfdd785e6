import { SafeHtml } from '../escape.ts';

/** The inspector's additions to the shared page style (a constant). */
export const INSPECT_STYLE = new SafeHtml(`
main.wide{max-width:80rem}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem 1rem;align-items:end;margin-bottom:1rem}
form.filters label{margin-top:0}.filter-actions{display:flex;gap:.5rem;align-items:center}
.filter-actions button,.filter-actions .button{margin-top:0}
table.calls td,table.calls th{white-space:nowrap}table.calls td{overflow-wrap:anywhere}
tr.decision-deny td,tr.decision-error td{color:var(--danger)}
.tag{font-size:.75rem;padding:0 .375rem;border:1px solid var(--line);border-radius:.25rem}
pre{margin:0 0 1rem;padding:.75rem;max-height:24rem;overflow:auto;background:var(--bg);border:1px solid var(--line);
border-radius:.375rem;font:.8125rem/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.pair>div{min-width:0}
.diff-del{color:var(--danger);background:var(--danger-bg)}.diff-add{color:var(--accent)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;font-size:.875rem}dl.facts dd{margin:0;overflow-wrap:anywhere}
textarea{width:100%;min-height:8rem;padding:.5rem;font:.875rem ui-monospace,SFMono-Regular,Menlo,monospace;color:inherit;
background:var(--bg);border:1px solid var(--line);border-radius:.375rem}
label.check{display:flex;gap:.5rem;align-items:center;font-weight:400}label.check input{width:auto}
@media (max-width:40rem){.pair{grid-template-columns:1fr}table.calls td,table.calls th{white-space:normal}}
`);
