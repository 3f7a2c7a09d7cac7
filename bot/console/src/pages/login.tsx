import { useState } from "preact/hooks";

import { api, Session } from "../api";
import { lang, Lang, t } from "../i18n";
import { message, Notice } from "../shared";

/** Sign-in with an API token: the server answers with a session cookie the script cannot read. */
export function Login(props: { onSignedIn: (s: Session) => void; onLanguage: (l: Lang) => void; problem?: string }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState(props.problem ?? "");
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      props.onSignedIn(await api<Session>("POST", "session", { token: token.trim() }));
    } catch (err) {
      setError(`${t("login.failed")}: ${message(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <h1>{t("title")}</h1>
      <form onSubmit={submit}>
        <h2>{t("login.heading")}</h2>
        <label for="token">{t("login.token")}</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          required
        />
        <p class="hint">{t("login.hint")}</p>
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
        <Notice text={error} error />
      </form>
      <label>
        {t("language")}{" "}
        <select value={lang()} onChange={(e) => props.onLanguage((e.target as HTMLSelectElement).value as Lang)}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </label>
    </main>
  );
}
