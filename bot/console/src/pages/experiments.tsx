import { useState } from "preact/hooks";

import { api, rank } from "../api";
import { percent, t, when } from "../i18n";
import { Loaded, Notice, PageProps, Table, useLoad, useWrite } from "../shared";

/** A/B tests of the welcome, the check-in reply or a scheduled post: results, start and stop. */
export function Experiments({ group, session }: PageProps) {
  const [data, error, reload] = useLoad(() => api("GET", "experiments"));
  const [draft, setDraft] = useState({ name: "", template: "welcome", variant: "" });
  const [notice, run] = useWrite();
  const canEdit = rank(session.role) >= 2;
  function start(e: Event) {
    e.preventDefault();
    run(
      () =>
        api("POST", "experiments", {
          name: draft.name,
          template: draft.template,
          chat_id: group.chat_id,
          language: group.language ?? "zh",
          variants: [{ name: "A" }, { name: "B", text: draft.variant }],
        }),
      t("exp.started"),
      () => {
        setDraft({ ...draft, name: "", variant: "" });
        reload();
      },
    );
  }
  const stop = (name: string) => run(() => api("POST", `experiments/${encodeURIComponent(name)}/stop`), t("exp.stopped"), reload);
  return (
    <section>
      <h2>{t("exp.title")}</h2>
      <Loaded data={data} error={error}>
        {(d: any) => (
          <Table
            head={[t("exp.name"), t("tpl.key"), t("exp.variants"), t("exp.verdict"), ""]}
            rows={d.experiments}
            row={(x: any) => (
              <tr>
                <td>
                  {x.name}
                  <div class="hint">
                    {when(x.started_at, group.time_zone)}
                    {x.stopped_at ? ` – ${when(x.stopped_at, group.time_zone)}` : ""}
                  </div>
                </td>
                <td>{x.template}</td>
                <td>
                  <ul class="variants">
                    {x.variants.map((v: any) => (
                      <li>
                        <strong>{v.name}</strong>: {v.conversions}/{v.exposures} = {percent(v.rate)}
                        {v.p_value !== null ? ` (p = ${v.p_value.toFixed(3)})` : ""}
                        {v.pending ? ` · ${t("exp.pending", { n: v.pending })}` : ""}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {x.verdict}
                  {x.note ? <div class="hint">{x.note}</div> : null}
                </td>
                <td>
                  {canEdit && x.running && (
                    <button type="button" onClick={() => stop(x.name)}>
                      {t("exp.stop")}
                    </button>
                  )}
                </td>
              </tr>
            )}
          />
        )}
      </Loaded>
      {canEdit && (
        <form class="editor experiment-editor" onSubmit={start}>
          <h3>{t("exp.new", { group: group.title || group.chat_id })}</h3>
          <label for="exp-name">{t("exp.name")}</label>
          <input id="exp-name" required value={draft.name} onInput={(e) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })} />
          <label for="exp-template">{t("tpl.key")}</label>
          <select id="exp-template" value={draft.template} onChange={(e) => setDraft({ ...draft, template: (e.target as HTMLSelectElement).value })}>
            <option value="welcome">welcome</option>
            <option value="checkin">checkin</option>
          </select>
          <label for="exp-variant">{t("exp.variant_b")}</label>
          <textarea id="exp-variant" rows={3} required value={draft.variant} onInput={(e) => setDraft({ ...draft, variant: (e.target as HTMLTextAreaElement).value })} />
          <button type="submit">{t("exp.start")}</button>
          <Notice {...notice} />
        </form>
      )}
    </section>
  );
}
