import { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

import { api, ApiError, query, rank } from "../api";
import { diff } from "../diff";
import { Experiments } from "./experiments";
import { t, topicName, when } from "../i18n";
import { Loaded, message, Notice, PageProps, Table, useLoad, useWrite } from "../shared";

/** Every template in force for the group; #/templates/<key> edits one. */
/** What a served platform cannot show of the draft (the API's "not_expressible"). */
type Loss = { platform: string; name: string; losses: string[] };

function PlatformLosses({ losses }: { losses: Loss[] }) {
  if (losses.length === 0) return null;
  return (
    <ul class="hint platform-losses">
      {losses.map((l) => (
        <li key={l.platform}>{t("tpl.losses", { platform: l.name, what: l.losses.join("; ") })}</li>
      ))}
    </ul>
  );
}

export function Templates(props: PageProps) {
  return props.arg ? <Editor {...props} /> : <List {...props} />;
}

// Topics in the order an operator meets them; a topic this console does not know goes last.
const topicOrder = ["greetings", "engagement", "badges", "shop", "admin", "moderation", "refusals", "care", "private", "help"];

function List(props: PageProps) {
  const { group } = props;
  const [data, error] = useLoad(() => api("GET", `templates${query({ group: group.chat_id })}`), [group.chat_id]);
  const [filter, setFilter] = useState("");
  const wanted = filter.trim().toLowerCase();
  return (
    <>
    <Loaded data={data} error={error}>
      {(d: any) => {
        const entries = (Object.entries(d.templates) as [string, any][]).filter(
          ([key, v]) => !wanted || key.toLowerCase().includes(wanted) || v.text.toLowerCase().includes(wanted),
        );
        const topics = [...new Set(entries.map(([, v]) => v.topic as string))].sort(
          (a, b) => (topicOrder.indexOf(a) + 1 || 99) - (topicOrder.indexOf(b) + 1 || 99),
        );
        return (
          <>
            <label class="filter">
              {t("tpl.filter")}{" "}
              <input id="template-filter" type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
            </label>
            {entries.length === 0 && <p>{t("none")}</p>}
            {topics.map((topic) => (
              <section class="template-topic" data-topic={topic}>
                <h3>{topicName(topic)}</h3>
                <Table
                  head={[t("tpl.key"), t("tpl.text"), t("tpl.source")]}
                  rows={entries.filter(([, v]) => v.topic === topic)}
                  row={([key, v]: [string, any]) => (
                    <tr>
                      <td>
                        <a href={`#/templates/${key}`}>{key}</a>
                      </td>
                      <td class="clip">{v.text}</td>
                      <td>
                        {v.source}
                        {v.scope ? ` · ${v.scope}` : ""}
                      </td>
                    </tr>
                  )}
                />
              </section>
            ))}
          </>
        );
      }}
    </Loaded>
    {!props.session.groups && <Experiments {...props} />}
    </>
  );
}

/** Telegram HTML as the chat would show it: only the tags Telegram knows, never a script. */
function TelegramHtml({ html }: { html: string }) {
  const doc = new DOMParser().parseFromString(`<body>${html.replace(/\n/g, "<br>")}</body>`, "text/html");
  const allowed = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "br", "blockquote", "tg-spoiler", "span"]);
  const walk = (node: Node): ComponentChildren => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const el = node as Element;
    const children = Array.from(el.childNodes).map(walk);
    const tag = el.tagName.toLowerCase();
    if (!allowed.has(tag)) return <>{children}</>;
    if (tag === "br") return <br />;
    if (tag === "a") return <a href={el.getAttribute("href")?.startsWith("tg://") ? undefined : el.getAttribute("href") ?? undefined} rel="noopener noreferrer">{children}</a>;
    const Tag = (tag === "tg-spoiler" ? "span" : tag) as any;
    return <Tag>{children}</Tag>;
  };
  return <div class="bubble">{Array.from(doc.body.childNodes).map(walk)}</div>;
}

/** What is wrong with a draft, and where: the draft with the offending character marked, and a
 * button that puts the cursor there. */
function DraftProblem({ text, message, position }: { text: string; message: string; position?: number }) {
  const chars = Array.from(text);
  const at = position ?? -1;
  function focus() {
    const area = document.getElementById("template-text") as HTMLTextAreaElement;
    const offset = chars.slice(0, at).join("").length; // UTF-16 index of the character
    area.focus();
    area.setSelectionRange(offset, offset + (chars[at]?.length ?? 0));
  }
  return (
    <div class="error" role="alert">
      <p>{message}</p>
      {at >= 0 && at <= chars.length && (
        <>
          <pre class="draft">
            {chars.slice(0, at).join("")}
            <mark class="at">{chars[at] ?? " "}</mark>
            {chars.slice(at + 1).join("")}
          </pre>
          <button type="button" onClick={focus}>
            {t("tpl.go_to")}
          </button>
        </>
      )}
    </div>
  );
}

function Editor({ group, arg: key, session }: PageProps) {
  const language = group.language ?? "zh";
  // A session limited to groups edits its group's texts only; the language's are shared.
  const [scope, setScope] = useState<"language" | "group">(session.groups ? "group" : "language");
  const scopeQuery = scope === "group" ? { group: group.chat_id } : { language };
  const [current, currentError, reloadCurrent] = useLoad(
    () => api("GET", `templates${query({ group: group.chat_id })}`),
    [group.chat_id],
  );
  const [versions, versionsError, reloadVersions] = useLoad(
    () => api("GET", `templates/${key}/versions${query(scopeQuery)}`),
    [key, scope],
  );
  const [text, setText] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [preview, setPreview] = useState<{ html?: string; error?: string; position?: number; losses?: Loss[] }>({});
  const [notice, run] = useWrite();
  const [saved, setSaved] = useState("");
  const entry = current?.templates?.[key];
  const draft = text ?? entry?.text ?? "";
  const canEdit = rank(session.role) >= 2;

  useEffect(() => {
    if (!draft || !canEdit) return;
    const timer = setTimeout(() => {
      api("POST", "templates/preview", { key, text: draft, group: group.chat_id })
        .then((p: any) => setPreview({ html: p.rendered, losses: p.not_expressible }))
        .catch((e) => setPreview({ error: message(e), position: e instanceof ApiError ? e.position : undefined }));
    }, 250);
    return () => clearTimeout(timer);
  }, [draft, key]);

  const after = () => {
    setText(null);
    reloadCurrent();
    reloadVersions();
  };
  function save(e: Event) {
    e.preventDefault();
    let version = 0;
    run(
      async () => (version = (await api<any>("PUT", `templates/${key}`, { text: draft, note, ...scopeQuery })).version),
      "",
      () => {
        setSaved(t("tpl.saved", { v: version }));
        after();
      },
    );
  }
  const rollback = (version: number) =>
    run(() => api("POST", `templates/${key}/rollback`, { version, ...scopeQuery }), t("tpl.rolled"), after);

  return (
    <>
      <p>
        <a href="#/templates">← {t("nav.templates")}</a>
      </p>
      <h2>{key}</h2>
      <Loaded data={current} error={currentError}>
        {() => (
          <form class="editor" onSubmit={save}>
            <p class="hint">
              {t("tpl.placeholders")}: {(entry?.placeholders ?? []).map((p: string) => `{${p}}`).join(" ")}
            </p>
            <fieldset>
              <legend>{t("tpl.scope")}</legend>
              <label hidden={!!session.groups}>
                <input type="radio" name="scope" checked={scope === "language"} onChange={() => setScope("language")} />{" "}
                {t("tpl.for_lang", { lang: language === "zh" ? "中文" : "English" })}
              </label>
              <label>
                <input type="radio" name="scope" checked={scope === "group"} onChange={() => setScope("group")} />{" "}
                {group.title || group.chat_id}
              </label>
            </fieldset>
            <label for="template-text">{t("tpl.text")}</label>
            <textarea
              id="template-text"
              rows={5}
              value={draft}
              readOnly={!canEdit}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
            />
            {canEdit && (
              <>
                <label for="template-note">{t("tpl.note")}</label>
                <input id="template-note" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
                <h3>{t("tpl.preview")}</h3>
                {preview.error ? <DraftProblem text={draft} message={preview.error} position={preview.position} /> : <TelegramHtml html={preview.html ?? ""} />}
                <PlatformLosses losses={preview.losses ?? []} />
                <button type="submit">{t("save")}</button>
              </>
            )}
            <Notice text={notice.text || saved} error={notice.error} />
          </form>
        )}
      </Loaded>
      <h3>{t("tpl.versions")}</h3>
      <Loaded data={versions} error={versionsError}>
        {(v: any) => (
          <Table
            class="versions"
            head={[t("tpl.version"), t("tpl.author"), t("mem.at"), t("tpl.text"), ...(canEdit ? [""] : [])]}
            rows={v.versions}
            row={(ver: any, i: number) => (
              <tr>
                <td>
                  {ver.version}
                  {ver.note ? <div class="hint">{ver.note}</div> : null}
                </td>
                <td>{ver.author}</td>
                <td>{when(ver.at, group.time_zone)}</td>
                <td class="diff">
                  {ver.text === null
                    ? t("tpl.default")
                    : diff(v.versions[i + 1]?.text ?? "", ver.text).map((p) =>
                        p.kind === "same" ? p.text : p.kind === "add" ? <ins>{p.text}</ins> : <del>{p.text}</del>,
                      )}
                </td>
                {canEdit && (
                  <td>
                    {i > 0 && (
                      <button type="button" onClick={() => rollback(ver.version)}>
                        {t("tpl.rollback")}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            )}
          />
        )}
      </Loaded>
    </>
  );
}
