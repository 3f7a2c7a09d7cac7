import { useState } from "preact/hooks";

import { api, query, rank } from "../api";
import { t, when } from "../i18n";
import { Loaded, Notice, PageProps, Table, useLoad, useWrite } from "../shared";
import { readable } from "./moderation";
import { Approval, Sanction } from "./sanction";

/** Members with search and filters; #/members/<user id> shows one profile and its ledger. */
export function Members(props: PageProps) {
  return props.arg ? <Profile {...props} /> : <List {...props} />;
}

function List({ group }: PageProps) {
  const chat = encodeURIComponent(group.chat_id);
  const [filters, setFilters] = useState({ search: "", tier: "", inactive_days: "", badge: "" });
  const [applied, setApplied] = useState(filters);
  const [data, error] = useLoad(
    () => api("GET", `groups/${chat}/members${query({ ...applied, limit: 200 })}`),
    [chat, applied],
  );
  const field = (name: keyof typeof filters) => ({
    value: filters[name],
    onInput: (e: Event) => setFilters({ ...filters, [name]: (e.target as HTMLInputElement).value }),
  });
  return (
    <>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
        }}
      >
        <label>
          {t("mem.search")} <input type="search" {...field("search")} />
        </label>
        <label>
          {t("mem.tier")}{" "}
          <select
            value={filters.tier}
            onChange={(e) => setFilters({ ...filters, tier: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t("mem.any")}</option>
            <option value="core">{t("tier.core")}</option>
            <option value="potential">{t("tier.potential")}</option>
            <option value="base">{t("tier.base")}</option>
          </select>
        </label>
        <label>
          {t("mem.inactive")} <input type="number" min={1} max={3650} {...field("inactive_days")} />
        </label>
        <label>
          {t("mem.badge")} <input {...field("badge")} />
        </label>
        <button type="submit">{t("apply")}</button>
      </form>
      <Loaded data={data} error={error}>
        {(d: any) => (
          <Table
            head={[t("mem.name"), t("mem.tier"), t("mem.points"), t("mem.messages"), t("mem.last_active")]}
            rows={d.members}
            row={(m: any) => (
              <tr>
                <td>
                  <a href={`#/members/${encodeURIComponent(m.user_id)}`}>{m.name}</a>
                  {m.username ? ` @${m.username}` : ""}
                </td>
                <td>{m.tier ? t(`tier.${m.tier}` as any) : "—"}</td>
                <td>{m.points}</td>
                <td>{m.messages}</td>
                <td>{when(m.last_active, group.time_zone)}</td>
              </tr>
            )}
          />
        )}
      </Loaded>
    </>
  );
}

/** A random idempotency key: a double submission counts once. */
function freshKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Grant (a positive number) or deduct (a negative one) points, with the reason kept in the ledger. */
function AdjustPoints({ path, onDone }: { path: string; onDone: () => void }) {
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState("");
  const [key, setKey] = useState(freshKey());
  const [done, setDone] = useState("");
  const [notice, run] = useWrite();
  function submit(e: Event) {
    e.preventDefault();
    let balance = 0;
    run(
      async () => (balance = (await api<any>("POST", `${path}/points`, { delta: Number(delta), reason, key })).balance),
      "",
      () => {
        setDone(t("mem.adjusted", { balance }));
        setDelta("");
        setReason("");
        setKey(freshKey());
        onDone();
      },
    );
  }
  return (
    <form class="inline adjust" onSubmit={submit}>
      <label>
        {t("mem.delta")} <input id="points-delta" type="number" required value={delta} onInput={(e) => setDelta((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t("mem.reason")} <input id="points-reason" required maxLength={200} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">{t("mem.adjust")}</button>
      <Notice text={notice.text || done} error={notice.error} />
    </form>
  );
}

function Profile({ group, arg, session }: PageProps) {
  const path = `groups/${encodeURIComponent(group.chat_id)}/members/${encodeURIComponent(arg)}`;
  const [data, error, reload] = useLoad(() => Promise.all([api("GET", path), api("GET", `${path}/ledger`)]), [path]);
  return (
    <>
      <p>
        <a href="#/members">← {t("mem.back")}</a>
      </p>
      <Loaded data={data} error={error}>
        {([m, ledger]: any) => (
          <>
            <h2>
              {t("mem.profile")}: {m.name}
            </h2>
            <dl class="facts">
              <dt>{t("mem.points")}</dt>
              <dd data-field="points">{m.points}</dd>
              <dt>{t("mem.xp")}</dt>
              <dd>{m.xp}</dd>
              <dt>{t("mem.rank")}</dt>
              <dd>{m.rank}</dd>
              <dt>{t("mem.tier")}</dt>
              <dd>{m.tier ? t(`tier.${m.tier}` as any) : "—"}</dd>
              <dt>{t("mem.messages")}</dt>
              <dd>{m.messages}</dd>
              <dt>{t("mem.streak")}</dt>
              <dd>{m.last_streak}</dd>
              <dt>{t("mem.badges")}</dt>
              <dd>{m.badges.length ? m.badges.map((b: any) => b.name ?? b.id ?? b).join(", ") : "—"}</dd>
            </dl>
            <h3>{t("mem.warnings")}</h3>
            <Table
              head={[t("mem.at"), t("mem.reason"), t("mem.by"), t("mem.expires")]}
              rows={m.warnings}
              row={(w: any) => (
                <tr>
                  <td>{when(w.at, group.time_zone)}</td>
                  <td>{w.reason}</td>
                  <td>{w.actor}</td>
                  <td>{when(w.expires_at, group.time_zone)}</td>
                </tr>
              )}
            />
            <h3>{t("mem.tier_history")}</h3>
            <Table
              head={[t("mem.at"), t("mem.tier")]}
              rows={m.tier_history}
              row={(c: any) => (
                <tr>
                  <td>{when(c.at, group.time_zone)}</td>
                  <td data-field="tier-move">
                    {c.from ? t(`tier.${c.from}` as any) : "—"} → {t(`tier.${c.to}` as any)}
                  </td>
                </tr>
              )}
            />
            {rank(session.role) >= 2 && <AdjustPoints path={path} onDone={reload} />}
            <h3>{t("san.heading")}</h3>
            {rank(session.role) >= 2 ? (
              <>
                <Approval path={path} approved={m.approved} onDone={reload} />
                <Sanction path={path} chat={group.chat_id} name={m.name} zone={group.time_zone} onDone={reload} />
              </>
            ) : (
              <p data-field="approved">{m.approved ? t("san.is_approved") : t("san.not_approved")}</p>
            )}
            <h4>{t("san.recent")}</h4>
            <Table
              class="decisions"
              head={[t("mem.at"), t("mod.rule"), t("mod.taken"), t("mod.status"), t("mem.by")]}
              rows={m.moderation}
              row={(e: any) => (
                <tr>
                  <td>{when(e.at, group.time_zone)}</td>
                  <td>{e.rule}</td>
                  <td>{readable(e.taken, group.time_zone)}</td>
                  <td>{e.failure ? `${t(`status.${e.status}` as any)}: ${e.failure}` : t(`status.${e.status}` as any)}</td>
                  <td>{e.actor || "Steward"}</td>
                </tr>
              )}
            />
            <h3>{t("mem.ledger")}</h3>
            <Table
              class="ledger"
              head={[t("mem.at"), t("mem.delta"), t("mem.reason"), t("mem.by")]}
              rows={ledger.entries}
              row={(e: any) => (
                <tr>
                  <td>{when(e.at, group.time_zone)}</td>
                  <td>{e.delta > 0 ? `+${e.delta}` : e.delta}</td>
                  <td>
                    {e.reason}
                    {e.note ? `: ${e.note}` : ""}
                  </td>
                  <td>{e.actor || "—"}</td>
                </tr>
              )}
            />
          </>
        )}
      </Loaded>
    </>
  );
}
