import { api } from "../api";
import { TrendChart } from "../chart";
import { kpiName, lang, percent, t, when } from "../i18n";
import { Loaded, PageProps, Table, useLoad } from "../shared";

interface Kpi {
  name: string;
  value: number | null;
  target: number | null;
  progress: number | null;
}

/** The community at a glance: KPIs against targets, trends, when members write, tiers, churn. */
export function Dashboard({ group }: PageProps) {
  const chat = encodeURIComponent(group.chat_id);
  const [data, error] = useLoad(
    () =>
      Promise.all([
        api("GET", `groups/${chat}/stats`),
        api("GET", `groups/${chat}/stats/heatmap`),
        api("GET", `groups/${chat}/tiers`),
        api("GET", `groups/${chat}/churn`),
        api("GET", `groups/${chat}/review?period=week`).catch(() => null),
      ]),
    [chat],
  );
  return (
    <Loaded data={data} error={error}>
      {([stats, heatmap, tiers, churn, review]) => (
        <>
          <Summary stats={stats} />
          <Kpis kpis={stats.summary.kpis} />
          <section>
            <h2>{t("dash.trend")}</h2>
            <TrendChart
              days={stats.series.map((b: any) => b.from)}
              series={[
                { label: t("dash.messages"), values: stats.series.map((b: any) => b.messages), color: "#2563eb" },
                { label: t("dash.members"), values: stats.series.map((b: any) => b.members_end), color: "#16a34a" },
              ]}
            />
            <h3>{t("dash.rates")}</h3>
            <TrendChart
              days={stats.series.map((b: any) => b.from)}
              series={(["active_rate", "speaking_rate", "checkin_rate"] as const).map((name, i) => ({
                label: `${kpiName(name)} %`,
                values: stats.series.map((b: any) => (b[name] === null ? null : Math.round(b[name] * 1000) / 10)),
                color: ["#2563eb", "#9333ea", "#ea580c"][i],
              }))}
            />
          </section>
          <Heatmap hours={heatmap.hours} />
          <Tiers tiers={tiers} zone={group.time_zone} />
          <Churn churn={churn} zone={group.time_zone} />
          <section>
            <h2>{t("dash.review")}</h2>
            {review?.text ? <pre class="review">{review.text}</pre> : <p>{t("dash.no_review")}</p>}
          </section>
        </>
      )}
    </Loaded>
  );
}

function Summary({ stats }: { stats: any }) {
  const s = stats.summary;
  const cards: [string, string | number, string][] = [
    [t("dash.members"), s.members_end, "members"],
    [t("dash.messages"), s.messages, "messages"],
    [t("dash.dau"), s.dau.toFixed(1), "dau"],
    [t("dash.checkins"), s.checkins, "checkins"],
  ];
  return (
    <section class="cards">
      {cards.map(([label, value, id]) => (
        <div class="card">
          <span class="label">{label}</span>
          <strong data-kpi={id}>{value}</strong>
        </div>
      ))}
    </section>
  );
}

function Kpis({ kpis }: { kpis: Kpi[] }) {
  return (
    <section>
      <h2>{t("dash.kpis")}</h2>
      <Table
        head={[t("dash.kpi"), t("dash.value"), t("dash.target"), t("dash.progress")]}
        rows={kpis}
        row={(k) => (
          <tr>
            <td>{kpiName(k.name)}</td>
            <td data-kpi={k.name}>{percent(k.value)}</td>
            <td>{percent(k.target)}</td>
            <td>
              {k.progress === null ? (
                "—"
              ) : (
                <meter min={0} max={1} value={Math.min(1, k.progress)} title={percent(k.progress)}>
                  {percent(k.progress)}
                </meter>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}

const weekdays = { en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], zh: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] };

function Heatmap({ hours }: { hours: { weekday: string; messages: number[] }[] }) {
  const most = Math.max(1, ...hours.flatMap((h) => h.messages));
  const names = weekdays[lang()];
  return (
    <section>
      <h2>{t("dash.heatmap")}</h2>
      <table class="heatmap">
        <thead>
          <tr>
            <th />
            {Array.from({ length: 24 }, (_, h) => (
              <th>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {hours.map((row, i) => (
            <tr>
              <th>{names[i] ?? row.weekday}</th>
              {row.messages.map((n) => (
                <td title={String(n)} style={{ opacity: n === 0 ? 0.08 : 0.2 + (0.8 * n) / most }}>
                  {n || ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Tiers({ tiers, zone }: { tiers: any; zone: string }) {
  const d = tiers.distribution;
  const total = Math.max(1, d.core + d.potential + d.base);
  return (
    <section>
      <h2>{t("dash.tiers")}</h2>
      <div class="tiers">
        {(["core", "potential", "base"] as const).map((tier) => (
          <div class={`tier ${tier}`}>
            <span>{t(`tier.${tier}`)}</span>
            <strong data-tier={tier}>{d[tier]}</strong>
            <meter min={0} max={1} value={d[tier] / total} />
          </div>
        ))}
      </div>
      <h3>{t("dash.moves")}</h3>
      {tiers.changes.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul>
          {tiers.changes.slice(0, 10).map((c: any) => (
            <li>
              {c.name}: {c.from ? t(`tier.${c.from}` as any) : "—"} → {t(`tier.${c.to}` as any)} · {when(c.at, zone)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Churn({ churn, zone }: { churn: any; zone: string }) {
  return (
    <section>
      <h2>{t("dash.churn")}</h2>
      <Table
        head={[t("mem.name"), t("dash.level"), t("dash.idle_since"), t("dash.warned")]}
        rows={[...churn.warnings].sort((a: any, b: any) => b.level_days - a.level_days)}
        row={(w: any) => (
          <tr>
            <td>
              <a href={`#/members/${encodeURIComponent(w.user_id)}`}>{w.name}</a>
            </td>
            <td>{w.level_days}</td>
            <td>{when(w.idle_since, zone)}</td>
            <td>{when(w.warned_at, zone)}</td>
          </tr>
        )}
      />
    </section>
  );
}
