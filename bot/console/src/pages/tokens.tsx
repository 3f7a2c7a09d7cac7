import { useState } from "preact/hooks";

import { api } from "../api";
import { t, when } from "../i18n";
import { Loaded, Notice, PageProps, Table, useLoad, useWrite } from "../shared";

/** API tokens (admins): who holds one, its role and groups; create one (shown once) or revoke. */
export function Tokens({ groups }: PageProps) {
  const [data, error, reload] = useLoad(() => api("GET", "tokens"));
  const [draft, setDraft] = useState({ name: "", role: "viewer", group: "" });
  const [secret, setSecret] = useState("");
  const [notice, run] = useWrite();
  function create(e: Event) {
    e.preventDefault();
    run(
      async () => {
        const made: any = await api("POST", "tokens", {
          name: draft.name,
          role: draft.role,
          groups: draft.group ? [draft.group] : null,
        });
        setSecret(made.token);
      },
      t("tokens.created"),
      () => {
        setDraft({ name: "", role: "viewer", group: "" });
        reload();
      },
    );
  }
  const revoke = (id: number) => run(() => api("POST", `tokens/${id}/revoke`), t("tokens.revoked"), reload);
  return (
    <>
      <section>
        <h2>{t("tokens.new")}</h2>
        <form class="inline" onSubmit={create}>
          <label>
            {t("tokens.name")} <input id="token-name" required value={draft.name} onInput={(e) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            {t("tokens.role")}{" "}
            <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: (e.target as HTMLSelectElement).value })}>
              <option value="viewer">{t("role.viewer")}</option>
              <option value="operator">{t("role.operator")}</option>
              <option value="admin">{t("role.admin")}</option>
            </select>
          </label>
          <label>
            {t("tokens.groups")}{" "}
            <select value={draft.group} onChange={(e) => setDraft({ ...draft, group: (e.target as HTMLSelectElement).value })}>
              <option value="">{t("tokens.every_group")}</option>
              {groups.map((g) => (
                <option value={g.chat_id}>{g.title || g.chat_id}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t("tokens.create")}</button>
        </form>
        <Notice {...notice} />
        {secret && (
          <p class="secret">
            {t("tokens.once")} <code id="new-token">{secret}</code>
          </p>
        )}
      </section>
      <section>
        <h2>{t("nav.tokens")}</h2>
        <Loaded data={data} error={error}>
          {(d: any) => (
            <Table
              head={["ID", t("tokens.name"), t("tokens.role"), t("tokens.groups"), t("mem.at"), ""]}
              rows={d.tokens}
              row={(k: any) => (
                <tr>
                  <td>{k.id}</td>
                  <td>{k.name}</td>
                  <td>{t(`role.${k.role}` as any)}</td>
                  <td>{k.groups ? k.groups.join(", ") : t("tokens.every_group")}</td>
                  <td>{when(k.created_at)}</td>
                  <td>
                    {k.revoked_at ? (
                      `${t("tokens.revoked_at")} ${when(k.revoked_at)}`
                    ) : (
                      <button type="button" onClick={() => revoke(k.id)}>
                        {t("tokens.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              )}
            />
          )}
        </Loaded>
      </section>
    </>
  );
}
