// What every page shares: its props, loading and error display, and small widgets.
import { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

import { ApiError, Session } from "./api";
import { t } from "./i18n";

/** A group Steward knows. */
export interface Group {
  id: number;
  /** How the API names the group: the chat id on Telegram, "platform:chat id" elsewhere. */
  chat_id: string;
  platform?: string;
  address?: string;
  title: string;
  time_zone: string;
  language: string | null;
}

/** What a page is given. */
export interface PageProps {
  session: Session;
  group: Group;
  groups: Group[];
  arg: string;
}

/** Loads with `load` (again whenever `deps` change); [data, error, reload]. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string>("");
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load()
      .then((d) => live && (setData(d), setError("")))
      .catch((e) => live && setError(message(e)));
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return [data, error, () => setRound((r) => r + 1)] as const;
}

/** What to tell the operator about a failure. */
export function message(e: unknown): string {
  if (e instanceof ApiError) return e.field ? `${e.message} (${e.field})` : e.message;
  return e instanceof Error ? e.message : t("error.generic");
}

/** Loading, an error, or the content. */
export function Loaded<T>(props: { data: T | undefined; error: string; children: (d: T) => ComponentChildren }) {
  if (props.error) return <p class="error" role="alert">{props.error}</p>;
  if (props.data === undefined) return <p class="loading">{t("loading")}</p>;
  return <>{props.children(props.data)}</>;
}

/** A status line after a write: what happened, or why not. */
export function Notice(props: { text: string; error?: boolean }) {
  if (!props.text) return null;
  return (
    <p class={props.error ? "error" : "notice"} role={props.error ? "alert" : "status"}>
      {props.text}
    </p>
  );
}

/** `text` with the byte ranges of `spans` marked, as the rules found them. */
export function Highlighted(props: { text: string; spans: { start: number; end: number; rule: string }[] }) {
  const bytes = new TextEncoder().encode(props.text);
  const decode = (a: number, b: number) => new TextDecoder().decode(bytes.subarray(a, b));
  const spans = [...props.spans].sort((a, b) => a.start - b.start);
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at || s.end > bytes.length) continue;
    if (s.start > at) parts.push(decode(at, s.start));
    parts.push(<mark title={s.rule}>{decode(s.start, s.end)}</mark>);
    at = s.end;
  }
  if (at < bytes.length) parts.push(decode(at, bytes.length));
  return <span class="message">{parts}</span>;
}

/** A table with a header row, or "Nothing yet." when there are no rows. */
export function Table<T>(props: {
  head: ComponentChildren[];
  rows: T[];
  row: (item: T, index: number) => ComponentChildren;
  class?: string;
}) {
  if (props.rows.length === 0) return <p>{t("none")}</p>;
  return (
    <table class={props.class}>
      <thead>
        <tr>
          {props.head.map((h) => (
            <th>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.rows.map(props.row)}</tbody>
    </table>
  );
}

/** A write's outcome shown to the operator: [notice, run]. `run` does the write, then says
 * `done` and calls `after`, or shows why it failed. */
export function useWrite() {
  const [notice, setNotice] = useState({ text: "", error: false });
  async function run(write: () => Promise<unknown>, done: string, after?: () => void) {
    try {
      await write();
      setNotice({ text: done, error: false });
      after?.();
    } catch (err) {
      setNotice({ text: message(err), error: true });
    }
  }
  return [notice, run] as const;
}
