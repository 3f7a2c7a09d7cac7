import { useState } from "preact/hooks";

import { api, query, rank } from "../api";
import { fromZoned, t, when } from "../i18n";
import { Highlighted, Loaded, message, Notice, PageProps, Table, useLoad, useWrite } from "../shared";

/** What was taken, its Unix times ("mute until 1796014162") shown in the group's zone. */
export function readable(taken: string, zone: string): string {
  return taken.replace(/\b(\d{10})\b/g, (_, seconds) => when(Number(seconds), zone));
}

/** The moderation log, a sandbox to try the rules, and the word and allow lists. */
export function Moderation(props: PageProps) {
  return (
    <>
      <Sandbox {...props} />
      {rank(props.session.role) >= 2 && <Replay {...props} />}
      <Log {...props} />
      {!props.session.groups && <Rules {...props} />}
      {!props.session.groups && <Learning {...props} />}
      {!props.session.groups && (
        <>
          <Words {...props} allow={false} />
          <Words {...props} allow />
        </>
      )}
    </>
  );
}

/** The rules in force replayed over the group's stored messages: what would now be acted on,
 * and what no longer, against what was done at the time. */
function Replay({ group }: PageProps) {
  const [days, setDays] = useState("7");
  const [report, setReport] = useState<any>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  async function run(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      setReport(await api("POST", "rules/replay", { group: group.chat_id, days: Number(days) }));
      setError("");
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section>
      <h2>{t("mod.replay")}</h2>
      <p class="hint">{t("mod.replay_hint")}</p>
      <form class="inline replay" onSubmit={run}>
        <label>
          {t("mod.replay_days")} <input id="replay-days" type="number" min={1} max={30} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={busy}>
          {t("mod.replay_run")}
        </button>
      </form>
      <Notice text={error} error />
      {report && (
        <div class="replay-report">
          <p data-field="replay-summary">
            {t("mod.replay_summary", { messages: report.messages, changed: report.changed })}
            {report.truncated ? ` ${t("mod.replay_truncated")}` : ""}
          </p>
          <Table
            head={[t("mod.rule"), t("mod.newly"), t("mod.no_longer"), t("mod.samples")]}
            rows={report.changes}
            row={(c: any) => (
              <tr>
                <td>{c.rule}</td>
                <td>{c.newly_matched}</td>
                <td>{c.no_longer_matched}</td>
                <td>
                  <ul>
                    {c.samples.map((s: any) => (
                      <li>
                        “{s.text}” — {t("mod.then_now", { then: s.then, now: s.now })}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            )}
          />
        </div>
      )}
    </section>
  );
}

/** Every rule with its action and shadow mode; admins switch a rule into shadow (it logs what it
 * would do and does nothing) or back to what the configuration says. */
function Rules({ session }: PageProps) {
  const [data, error, reload] = useLoad(() => api("GET", "rules"), []);
  const [notice, run] = useWrite();
  const admin = rank(session.role) >= 3;
  const flip = (rule: string, shadow: boolean | null) =>
    run(() => api("PUT", `rules/${rule}/shadow`, { shadow }), t("mod.switched", { rule }), reload);
  return (
    <section>
      <h2>{t("mod.rules")}</h2>
      <p class="hint">{t("mod.shadow_hint")}</p>
      <Loaded data={data} error={error}>
        {(d: any) => (
          <Table
            class="rules"
            head={[t("mod.rule"), t("mod.action"), t("mod.mode"), ""]}
            rows={d.rules}
            row={(r: any) => (
              <tr data-rule={r.rule}>
                <td>{r.rule}</td>
                <td>{r.enabled ? r.action : t("mod.off")}</td>
                <td data-field="mode">
                  {r.shadow ? t("mod.shadow") : t("mod.acting")}
                  {r.switched ? ` (${t("mod.switched_here")})` : ""}
                </td>
                <td>
                  {admin && r.enabled && (
                    <>
                      <button type="button" class="flip" onClick={() => flip(r.rule, !r.shadow)}>
                        {r.shadow ? t("mod.make_act") : t("mod.make_shadow")}
                      </button>{" "}
                      {r.switched && (
                        <button type="button" onClick={() => flip(r.rule, null)}>
                          {t("mod.as_configured")}
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            )}
          />
        )}
      </Loaded>
      <Notice text={notice.text} error={notice.error} />
    </section>
  );
}

/** What admins taught the spam classifier (rule "learned"): how well it does on its samples,
 * each judged by a model trained on the others, and the samples themselves, for review. */
function Learning({ session }: PageProps) {
  const [quality, error, reload] = useLoad(() => api("GET", "samples/quality"), []);
  const [samples, samplesError, reloadSamples] = useLoad(() => api("GET", "samples?limit=20"), []);
  const [notice, run] = useWrite();
  const operator = rank(session.role) >= 2;
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  const remove = (id: number) =>
    run(() => api("DELETE", `samples/${id}`), t("mod.sample_removed"), () => {
      reload();
      reloadSamples();
    });
  return (
    <section class="learning">
      <h2>{t("mod.learning")}</h2>
      <p class="hint">{t("mod.learning_hint")}</p>
      <Loaded data={quality} error={error}>
        {(q: any) => (
          <dl class="quality">
            <dt>{t("mod.samples_count")}</dt>
            <dd data-field="samples">{t("mod.spam_ham", { spam: q.spam, ham: q.ham })}</dd>
            <dt>{t("mod.precision")}</dt>
            <dd data-field="precision">{q.ready ? percent(q.precision) : t("mod.not_ready")}</dd>
            <dt>{t("mod.recall")}</dt>
            <dd data-field="recall">{q.ready ? percent(q.recall) : t("mod.not_ready")}</dd>
            <dt>{t("mod.mode")}</dt>
            <dd data-field="learned-mode">{q.rule.shadow ? t("mod.shadow") : t("mod.acting")}</dd>
          </dl>
        )}
      </Loaded>
      <Loaded data={samples} error={samplesError}>
        {(d: any) => (
          <Table
            class="samples"
            head={[t("mod.label"), t("mod.text"), t("mod.source"), ""]}
            rows={d.samples}
            row={(s: any) => (
              <tr data-sample={s.id}>
                <td>{s.label}</td>
                <td>{s.text}</td>
                <td>{s.source}</td>
                <td>
                  {operator && (
                    <button type="button" class="remove" onClick={() => remove(s.id)}>
                      {t("mod.remove")}
                    </button>
                  )}
                </td>
              </tr>
            )}
          />
        )}
      </Loaded>
      <Notice text={notice.text} error={notice.error} />
    </section>
  );
}

const noFilters = { rule: "", status: "", member: "", since: "", until: "" };

/** The log, filtered by the server (rule or order, status, member, period in the group's zone);
 * "older" pages back from the last entry shown. */
function Log({ group }: PageProps) {
  const [filters, setFilters] = useState(noFilters);
  const [applied, setApplied] = useState(noFilters);
  const [older, setOlder] = useState<any[]>([]);
  const [more, setMore] = useState("");
  const params = (f: typeof noFilters, before?: number) =>
    query({
      group: group.chat_id,
      rule: f.rule.trim(),
      status: f.status,
      member: f.member.trim(),
      since: f.since ? fromZoned(f.since, group.time_zone) : "",
      until: f.until ? fromZoned(f.until, group.time_zone) : "",
      before,
      limit: pageSize,
    });
  const [data, error] = useLoad(() => api("GET", `moderation/log${params(applied)}`), [group.chat_id, applied]);
  const field = (name: keyof typeof noFilters) => ({
    value: filters[name],
    onInput: (e: Event) => setFilters({ ...filters, [name]: (e.target as HTMLInputElement).value }),
  });
  async function loadOlder(shown: any[]) {
    try {
      const page = await api<any>("GET", `moderation/log${params(applied, shown[shown.length - 1].id)}`);
      setOlder([...older, ...page.entries]);
      setMore(page.entries.length < pageSize ? t("mod.no_more") : "");
    } catch (e) {
      setMore(message(e));
    }
  }
  return (
    <section>
      <h2>{t("mod.log")}</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setOlder([]);
          setMore("");
          setApplied(filters);
        }}
      >
        <label>
          {t("mod.rule")} <input id="log-rule" placeholder="word, phone, mute…" {...field("rule")} />
        </label>
        <label>
          {t("mod.status")}{" "}
          <select value={filters.status} onChange={(e) => setFilters({ ...filters, status: (e.target as HTMLSelectElement).value })}>
            <option value="">{t("mem.any")}</option>
            <option value="pending">{t("status.pending")}</option>
            <option value="done">{t("status.done")}</option>
            <option value="failed">{t("status.failed")}</option>
          </select>
        </label>
        <label>
          {t("mod.member")} <input id="log-member" placeholder="user id" {...field("member")} />
        </label>
        <label>
          {t("mod.since")} <input type="datetime-local" {...field("since")} />
        </label>
        <label>
          {t("mod.until")} <input type="datetime-local" {...field("until")} />
        </label>
        <button type="submit">{t("apply")}</button>
      </form>
      <Loaded data={data} error={error}>
        {(d: any) => {
          const rows = [...d.entries, ...older];
          return (
            <>
              <LogTable rows={rows} zone={group.time_zone} />
              {d.entries.length === pageSize && !more && (
                <button type="button" onClick={() => loadOlder(rows)}>
                  {t("mod.older")}
                </button>
              )}
              <Notice text={more} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

const pageSize = 100;

function LogTable({ rows, zone }: { rows: any[]; zone: string }) {
  return (
    <Table
      class="log"
      head={[t("mem.at"), t("mod.rule"), t("mod.message"), t("mod.taken"), t("mod.status"), t("mem.by")]}
      rows={rows}
      row={(e: any) => (
        <tr>
          <td>{when(e.at, zone)}</td>
          <td>
            {e.rule}
            {e.shadow ? " (shadow)" : ""}
          </td>
          <td>
            <Highlighted text={e.text} spans={e.spans ?? []} />
            {e.reason ? <div class="hint">{e.reason}</div> : null}
          </td>
          <td>{readable(e.taken || e.action, zone)}</td>
          <td>{e.failure ? `${t(`status.${e.status}` as any)}: ${e.failure}` : t(`status.${e.status}` as any)}</td>
          <td>{e.actor || "Steward"}</td>
        </tr>
      )}
    />
  );
}

function Sandbox({ group }: PageProps) {
  const [text, setText] = useState("");
  const [newcomer, setNewcomer] = useState(false);
  const [result, setResult] = useState<any>(null);
  const [error, setError] = useState("");
  async function check(e: Event) {
    e.preventDefault();
    try {
      setResult(await api("POST", "rules/check", { text, group: group.chat_id, newcomer }));
      setError("");
    } catch (err) {
      setError(message(err));
    }
  }
  return (
    <section>
      <h2>{t("mod.sandbox")}</h2>
      <form onSubmit={check} class="sandbox">
        <label for="sandbox-text">{t("mod.sandbox_text")}</label>
        <textarea id="sandbox-text" rows={3} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        <label>
          <input type="checkbox" checked={newcomer} onChange={(e) => setNewcomer((e.target as HTMLInputElement).checked)} />{" "}
          {t("mod.newcomer")}
        </label>
        <button type="submit">{t("mod.check")}</button>
      </form>
      <Notice text={error} error />
      {result && (
        <div class="verdict" data-action={result.action}>
          <p>
            {t("mod.verdict")}: <strong>{result.action}</strong>
          </p>
          <p>
            <Highlighted text={result.text} spans={result.matches} />
          </p>
          {result.matches.length === 0 ? (
            <p>{t("mod.clean")}</p>
          ) : (
            <ul>
              {result.matches.map((m: any) => (
                <li>
                  {m.rule} ({m.tag}) → {m.action}
                  {m.shadow ? " (shadow)" : ""}: “{m.matched}” → “{m.normalized}”
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function Words({ session, allow }: PageProps & { allow: boolean }) {
  const list = allow ? "allow" : "words";
  const [search, setSearch] = useState("");
  const [draft, setDraft] = useState({ word: "", tag: "" });
  const [notice, run] = useWrite();
  const [data, error, reload] = useLoad(() => api("GET", `rules/${list}${query({ search })}`), [search]);
  const canEdit = rank(session.role) >= 2;
  function add(e: Event) {
    e.preventDefault();
    run(() => api("POST", `rules/${list}`, allow ? { word: draft.word } : draft), t("mod.added"), () => {
      setDraft({ word: "", tag: "" });
      reload();
    });
  }
  const remove = (word: string) =>
    run(() => api("DELETE", `rules/${list}${query({ word })}`), `${t("mod.remove")} “${word}” ✓`, reload);
  return (
    <section>
      <h2>{allow ? t("mod.allow") : t("mod.words")}</h2>
      <label>
        {t("search")} <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </label>
      {canEdit && (
        <form class="inline words" onSubmit={add}>
          <label>
            {t("mod.word")}{" "}
            <input
              name={`${list}-word`}
              value={draft.word}
              required
              onInput={(e) => setDraft({ ...draft, word: (e.target as HTMLInputElement).value })}
            />
          </label>
          {!allow && (
            <label>
              {t("mod.tag")}{" "}
              <input value={draft.tag} onInput={(e) => setDraft({ ...draft, tag: (e.target as HTMLInputElement).value })} />
            </label>
          )}
          <button type="submit">{t("mod.add")}</button>
        </form>
      )}
      <Notice {...notice} />
      <Loaded data={data} error={error}>
        {(d: any) => (
          <>
          <Table
            head={[t("mod.word"), t("mod.tag"), t("mod.action"), t("mod.source"), ...(canEdit ? [""] : [])]}
            rows={d.entries.slice(0, 200)}
            row={(w: any) => (
              <tr>
                <td>{w.word}</td>
                <td>{w.tag}</td>
                <td>{w.action}</td>
                <td class="source">
                  {w.file ? `${w.file}:${w.line}` : t("mod.by_api", { by: w.edit.by, at: when(w.edit.at) })}
                </td>
                {canEdit && (
                  <td>
                    <button type="button" onClick={() => remove(w.word)}>
                      {t("mod.remove")}
                    </button>
                  </td>
                )}
              </tr>
            )}
          />
          {d.removed.length > 0 && (
            <p class="removed-words">
              {t("mod.taken_off")} {d.removed.map((r: any) => r.word).join(", ")}
            </p>
          )}
          </>
        )}
      </Loaded>
    </section>
  );
}
