// A member's moderation from the console: warn, mute, kick, ban, unmute or unban with the same
// truthfulness as in chat (the group hears of it only once Telegram confirmed), and approval.
import { useState } from "preact/hooks";

import { api } from "../api";
import { t } from "../i18n";
import { message, Notice } from "../shared";
import { readable } from "./moderation";

const orders = ["warn", "mute", "kick", "ban", "unmute", "unban"] as const;
type Order = (typeof orders)[number];

/** Asks for a measure against the member, then follows its log entry until the platform answered. */
export function Sanction(props: { path: string; chat: string; name: string; zone: string; onDone: () => void }) {
  const [order, setOrder] = useState<Order>("warn");
  const [duration, setDuration] = useState("");
  const [reason, setReason] = useState("");
  const [announce, setAnnounce] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState({ text: "", error: false });
  const timed = order === "mute" || order === "ban";

  async function follow(logId: number) {
    for (let i = 0; i < 60; i++) {
      const entry = await api<any>("GET", `moderation/log/${logId}?group=${encodeURIComponent(props.chat)}`);
      if (entry.status === "done") {
        return setNotice({
          text: t("san.confirmed", { taken: readable(entry.taken, props.zone) }) + (announce ? ` ${t("san.told")}` : ""),
          error: false,
        });
      }
      if (entry.status === "failed") {
        return setNotice({ text: t("san.refused", { why: entry.failure }), error: true });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    setNotice({ text: t("san.still_waiting"), error: false });
  }

  async function send() {
    setConfirming(false);
    setBusy(true);
    try {
      const body: any = { action: order, reason, announce };
      if (timed && duration.trim()) body.duration = duration.trim();
      const answer = await api<any>("POST", `${props.path}/sanctions`, body);
      if (answer.status === "pending") {
        setNotice({ text: t("san.asked"), error: false });
        await follow(answer.log_id);
      } else {
        setNotice({ text: t("san.recorded", { taken: answer.taken }) + (announce ? ` ${t("san.told")}` : ""), error: false });
      }
      setReason("");
      setDuration("");
      props.onDone();
    } catch (e) {
      setNotice({ text: message(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      class="inline sanction"
      onSubmit={(e) => {
        e.preventDefault();
        // Removing or banning someone is asked twice; the rest is undone as easily as done.
        if (order === "kick" || order === "ban") setConfirming(true);
        else send();
      }}
    >
      <label>
        {t("san.order")}{" "}
        <select id="sanction-order" value={order} onChange={(e) => setOrder((e.target as HTMLSelectElement).value as Order)}>
          {orders.map((o) => (
            <option value={o}>{t(`san.${o}` as any)}</option>
          ))}
        </select>
      </label>
      {timed && (
        <label>
          {t("san.duration")}{" "}
          <input id="sanction-duration" placeholder={order === "mute" ? "10m" : t("san.forever")} value={duration} onInput={(e) => setDuration((e.target as HTMLInputElement).value)} />
        </label>
      )}
      <label>
        {t("mem.reason")}{" "}
        <input id="sanction-reason" maxLength={200} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        <input type="checkbox" checked={announce} onChange={(e) => setAnnounce((e.target as HTMLInputElement).checked)} /> {t("san.announce")}
      </label>
      <button type="submit" disabled={busy}>
        {t("san.do")}
      </button>
      {confirming && (
        <span class="confirm" role="alertdialog">
          {t("san.sure", { order: t(`san.${order}` as any), name: props.name })}{" "}
          <button type="button" id="sanction-confirm" onClick={send}>
            {t("san.yes")}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            {t("cancel")}
          </button>
        </span>
      )}
      <Notice text={notice.text} error={notice.error} />
    </form>
  );
}

/** Approved members are skipped by automatic moderation; an operator grants or withdraws it. */
export function Approval(props: { path: string; approved: boolean; onDone: () => void }) {
  const [notice, setNotice] = useState({ text: "", error: false });
  async function toggle() {
    try {
      await api(props.approved ? "DELETE" : "PUT", `${props.path}/approval`);
      setNotice({ text: props.approved ? t("san.unapproved") : t("san.approved"), error: false });
      props.onDone();
    } catch (e) {
      setNotice({ text: message(e), error: true });
    }
  }
  return (
    <p class="approval">
      <span data-field="approved">{props.approved ? t("san.is_approved") : t("san.not_approved")}</span>{" "}
      <button type="button" id="approval-toggle" onClick={toggle}>
        {props.approved ? t("san.withdraw") : t("san.approve")}
      </button>
      <Notice text={notice.text} error={notice.error} />
    </p>
  );
}
