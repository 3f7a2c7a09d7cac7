import "uplot/dist/uPlot.min.css";
import "./app.css";

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { api, ApiError, rank, Session, useSession } from "./api";
import { lang, Lang, setLang, t } from "./i18n";
import { Audit } from "./pages/audit";
import { Content } from "./pages/content";
import { Dashboard } from "./pages/dashboard";
import { Login } from "./pages/login";
import { Members } from "./pages/members";
import { Moderation } from "./pages/moderation";
import { Shop } from "./pages/shop";
import { Settings } from "./pages/settings";
import { Templates } from "./pages/templates";
import { Tokens } from "./pages/tokens";
import { Group, message, PageProps } from "./shared";

const pages = [
  // global: the page shows what every group shares, which a session limited to groups may not see
  { path: "dashboard", label: "nav.dashboard", page: Dashboard, role: 1 },
  { path: "members", label: "nav.members", page: Members, role: 1 },
  { path: "moderation", label: "nav.moderation", page: Moderation, role: 1 },
  { path: "templates", label: "nav.templates", page: Templates, role: 1 },
  { path: "content", label: "nav.content", page: Content, role: 1, global: true },
  { path: "shop", label: "nav.shop", page: Shop, role: 1 },
  { path: "settings", label: "nav.settings", page: Settings, role: 1 },
  { path: "audit", label: "nav.audit", page: Audit, role: 3, global: true },
  { path: "tokens", label: "nav.tokens", page: Tokens, role: 3, global: true },
] as const;

/** The page and its argument from the location hash: #/members/1003 → members, 1003. */
function route(): { path: string; arg: string } {
  const [, path = "dashboard", arg = ""] = location.hash.replace(/^#/, "").split("/");
  return { path, arg: decodeURIComponent(arg) };
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [groups, setGroups] = useState<Group[]>([]);
  const [chat, setChat] = useState<string>(localStorage.getItem("steward.group") ?? "");
  const [where, setWhere] = useState(route());
  const [, setLanguage] = useState<Lang>(lang());
  const [linkError, setLinkError] = useState("");

  useEffect(() => {
    const onHash = () => setWhere(route());
    addEventListener("hashchange", onHash);
    const link = location.hash.match(/^#link=([0-9a-f]+)$/)?.[1];
    if (link) {
      // A one-time link from the bot: trade it for a session, and keep it out of the history.
      history.replaceState(null, "", "#/dashboard");
      api<Session>("POST", "session", { link })
        .then(signedIn)
        .catch((e) => {
          setLinkError(message(e));
          setSession(null);
        });
    } else {
      api<Session>("GET", "session")
        .then((s) => (s.signed_in ? signedIn(s) : setSession(null)))
        .catch(() => setSession(null));
    }
    return () => removeEventListener("hashchange", onHash);
  }, []);

  function signedIn(s: Session) {
    useSession(s);
    setSession(s);
    // Every page names a group by its address ("onebot:20002000" for a QQ group).
    api<{ groups: Group[] }>("GET", "groups").then((g) =>
      setGroups(g.groups.map((group) => ({ ...group, chat_id: group.address ?? group.chat_id }))),
    );
  }

  async function signOut() {
    await api("DELETE", "session").catch(() => undefined);
    useSession(null);
    setSession(null);
  }

  function switchLanguage(next: Lang) {
    setLang(next);
    setLanguage(next);
  }

  if (session === undefined) return <p class="loading">{t("loading")}</p>;
  if (session === null) {
    return <Login onSignedIn={signedIn} onLanguage={switchLanguage} problem={linkError && `${t("login.link_failed")}: ${linkError}`} />;
  }

  const group = groups.find((g) => g.chat_id === chat) ?? groups[0];
  const current = pages.find((p) => p.path === where.path) ?? pages[0];
  const Page = current.page;
  const props: PageProps = { session, group, groups, arg: where.arg };
  return (
    <div class="shell">
      <header>
        <h1>{t("title")}</h1>
        <label>
          {t("group")}{" "}
          <select
            id="group"
            value={group?.chat_id ?? ""}
            onChange={(e) => {
              const value = (e.target as HTMLSelectElement).value;
              localStorage.setItem("steward.group", value);
              setChat(value);
            }}
          >
            {groups.map((g) => (
              <option value={g.chat_id}>{g.title || g.chat_id}</option>
            ))}
          </select>
        </label>
        <label>
          {t("language")}{" "}
          <select id="language" value={lang()} onChange={(e) => switchLanguage((e.target as HTMLSelectElement).value as Lang)}>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <span class="who">
          {session.name} · {t(`role.${session.role}`)}
        </span>
        <button type="button" onClick={signOut}>
          {t("logout")}
        </button>
      </header>
      <nav>
        {pages
          .filter((p) => rank(session.role) >= p.role && !(session.groups && "global" in p))
          .map((p) => (
            <a href={`#/${p.path}`} aria-current={p === current ? "page" : undefined}>
              {t(p.label)}
            </a>
          ))}
      </nav>
      <main>
        {current.role > rank(session.role) ? (
          <p class="error">{t("forbidden", { role: t(`role.${session.role}`) })}</p>
        ) : group || "global" in current ? (
          <Page key={`${current.path}:${group?.chat_id}:${lang()}`} {...props} />
        ) : (
          <p>{t("no.groups")}</p>
        )}
      </main>
    </div>
  );
}

addEventListener("unhandledrejection", (e) => {
  if (e.reason instanceof ApiError) e.preventDefault();
});

render(<App />, document.getElementById("app")!);
