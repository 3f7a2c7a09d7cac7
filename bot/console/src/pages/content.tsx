import { useState } from "preact/hooks";

import { api, query, rank } from "../api";
import { t, when } from "../i18n";
import { Loaded, Notice, PageProps, Table, useLoad, useWrite } from "../shared";

/** The FAQ entries and scheduled posts in force, with editors for operators. */
export function Content(props: PageProps) {
  return (
    <>
      <Faq {...props} />
      <Schedules {...props} />
    </>
  );
}

/** A row's two actions: load it into the editor, or remove it. */
function EditRemove(props: { onEdit: () => void; onRemove: () => void }) {
  return (
    <>
      <button type="button" onClick={props.onEdit}>
        {t("tpl.edit")}
      </button>{" "}
      <button type="button" onClick={props.onRemove}>
        {t("mod.remove")}
      </button>
    </>
  );
}

const emptyFaq = { id: "", triggers: "", match: "contains", answer: "" };

function Faq({ session }: PageProps) {
  const [data, error, reload] = useLoad(() => api("GET", "faq"));
  const [draft, setDraft] = useState(emptyFaq);
  const [warnings, setWarnings] = useState<any[]>([]);
  const [notice, run] = useWrite();
  const canEdit = rank(session.role) >= 2;
  function save(e: Event) {
    e.preventDefault();
    run(
      async () => {
        const saved: any = await api("PUT", `faq/${encodeURIComponent(draft.id)}`, {
          triggers: draft.triggers.split("\n").map((s) => s.trim()).filter(Boolean),
          match: draft.match,
          answer: draft.answer,
        });
        setWarnings(saved.collisions ?? []);
      },
      t("settings.saved"),
      reload,
    );
  }
  const remove = (id: string) => run(() => api("DELETE", `faq/${encodeURIComponent(id)}`), t("content.removed"), reload);
  return (
    <section>
      <h2>{t("content.faq")}</h2>
      <Loaded data={data} error={error}>
        {(d: any) => (
          <Table
            head={["ID", t("content.triggers"), t("content.answer"), ""]}
            rows={d.faq}
            row={(f: any) => (
              <tr>
                <td>{f.id}</td>
                <td>
                  {f.triggers.join(" · ")}
                  <Collisions list={f.collisions} />
                </td>
                <td class="clip">{f.answer}</td>
                <td>
                  {canEdit && (
                    <EditRemove
                      onEdit={() => setDraft({ id: f.id, triggers: f.triggers.join("\n"), match: f.match, answer: f.answer })}
                      onRemove={() => remove(f.id)}
                    />
                  )}
                </td>
              </tr>
            )}
          />
        )}
      </Loaded>
      {canEdit && (
        <form class="editor faq-editor" onSubmit={save}>
          <h3>{t("content.edit_faq")}</h3>
          <label for="faq-id">ID</label>
          <input id="faq-id" required pattern="[A-Za-z0-9_\-]+" value={draft.id} onInput={(e) => setDraft({ ...draft, id: (e.target as HTMLInputElement).value })} />
          <label for="faq-triggers">{t("content.triggers_hint")}</label>
          <textarea id="faq-triggers" rows={3} required value={draft.triggers} onInput={(e) => setDraft({ ...draft, triggers: (e.target as HTMLTextAreaElement).value })} />
          <label for="faq-match">{t("content.match")}</label>
          <select id="faq-match" value={draft.match} onChange={(e) => setDraft({ ...draft, match: (e.target as HTMLSelectElement).value })}>
            <option value="contains">contains</option>
            <option value="exact">exact</option>
            <option value="regex">regex</option>
          </select>
          <label for="faq-answer">{t("content.answer")}</label>
          <textarea id="faq-answer" rows={3} required value={draft.answer} onInput={(e) => setDraft({ ...draft, answer: (e.target as HTMLTextAreaElement).value })} />
          <button type="submit">{t("save")}</button>
          <Notice {...notice} />
          <Collisions list={warnings} />
        </form>
      )}
    </section>
  );
}

/** Moderation rules a trigger sets off: a member asking would be acted on before the answer. */
function Collisions({ list }: { list: any[] }) {
  if (!list?.length) return null;
  return (
    <ul class="warnings" role="alert">
      {list.map((c) => (
        <li>{t("content.collision", { trigger: c.trigger, rule: c.rule, action: c.action })}</li>
      ))}
    </ul>
  );
}

const emptyPost = { id: "", when: "0 9 * * 1", text: "", enabled: true };

function Schedules({ group, session }: PageProps) {
  const [data, error, reload] = useLoad(() => api("GET", `schedules${query({ group: group?.chat_id })}`), [group?.chat_id]);
  const [draft, setDraft] = useState(emptyPost);
  const [notice, run] = useWrite();
  const canEdit = rank(session.role) >= 2;
  function save(e: Event) {
    e.preventDefault();
    const cron = draft.when.trim().split(/\s+/).length === 5;
    const body = { [cron ? "cron" : "once"]: draft.when.trim(), text: draft.text, enabled: draft.enabled };
    run(() => api("PUT", `schedules/${encodeURIComponent(draft.id)}`, body), t("settings.saved"), reload);
  }
  const remove = (id: string) => run(() => api("DELETE", `schedules/${encodeURIComponent(id)}`), t("content.removed"), reload);
  return (
    <section>
      <h2>{t("content.schedules")}</h2>
      <Loaded data={data} error={error}>
        {(d: any) => (
          <Table
            head={["ID", t("content.when"), t("content.next_runs", { zone: d.time_zone }), t("content.text"), ""]}
            rows={d.schedules}
            row={(s: any) => (
              <tr>
                <td>{s.id}</td>
                <td>
                  <code>{s.cron ?? when(s.once, d.time_zone)}</code>
                  {s.enabled ? "" : ` (${t("content.disabled")})`}
                </td>
                <td>
                  <ol class="runs">
                    {s.next_runs.map((r: number) => (
                      <li>{when(r, d.time_zone)}</li>
                    ))}
                  </ol>
                </td>
                <td class="clip">{s.text}</td>
                <td>
                  {canEdit && (
                    <EditRemove
                      onEdit={() => setDraft({ id: s.id, when: s.cron ?? String(s.once), text: s.text, enabled: s.enabled })}
                      onRemove={() => remove(s.id)}
                    />
                  )}
                </td>
              </tr>
            )}
          />
        )}
      </Loaded>
      {canEdit && (
        <form class="editor schedule-editor" onSubmit={save}>
          <h3>{t("content.edit_post")}</h3>
          <label for="post-id">ID</label>
          <input id="post-id" required pattern="[A-Za-z0-9_\-]+" value={draft.id} onInput={(e) => setDraft({ ...draft, id: (e.target as HTMLInputElement).value })} />
          <label for="post-when">{t("content.when_hint")}</label>
          <input id="post-when" required value={draft.when} onInput={(e) => setDraft({ ...draft, when: (e.target as HTMLInputElement).value })} />
          <label for="post-text">{t("content.text")}</label>
          <textarea id="post-text" rows={3} required value={draft.text} onInput={(e) => setDraft({ ...draft, text: (e.target as HTMLTextAreaElement).value })} />
          <label>
            <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: (e.target as HTMLInputElement).checked })} /> {t("content.enabled")}
          </label>
          <button type="submit">{t("save")}</button>
          <Notice {...notice} />
        </form>
      )}
    </section>
  );
}
