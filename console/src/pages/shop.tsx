import { api, query, rank } from "../api";
import { t, when } from "../i18n";
import { Loaded, Notice, PageProps, Table, useLoad, useWrite } from "../shared";

/** Shop items with their stock, and the group's redemptions to fulfil or refund. */
export function Shop({ group, session }: PageProps) {
  const [items, itemsError] = useLoad(() => api("GET", "shop/items"));
  const [redemptions, redemptionsError, reload] = useLoad(
    () => api("GET", `shop/redemptions${query({ group: group.chat_id, limit: 200 })}`),
    [group.chat_id],
  );
  const [notice, run] = useWrite();
  const canEdit = rank(session.role) >= 2;
  const settle = (code: string, how: "fulfil" | "refund") =>
    run(
      () => api("POST", `shop/redemptions/${encodeURIComponent(code)}/${how}`),
      `${code}: ${t(how === "fulfil" ? "shop.fulfil" : "shop.refund")} ✓`,
      reload,
    );
  return (
    <>
      <section>
        <h2>{t("shop.items")}</h2>
        <Loaded data={items} error={itemsError}>
          {(d: any) => (
            <Table
              head={[t("shop.item"), t("shop.price"), t("shop.stock"), t("shop.left")]}
              rows={d.items}
              row={(i: any) => (
                <tr>
                  <td>
                    {i.name} <span class="hint">{i.id}</span>
                  </td>
                  <td>{i.price}</td>
                  <td>{i.stock ?? "∞"}</td>
                  <td>{i.left ?? "∞"}</td>
                </tr>
              )}
            />
          )}
        </Loaded>
      </section>
      <section>
        <h2>{t("shop.redemptions")}</h2>
        <Notice {...notice} />
        <Loaded data={redemptions} error={redemptionsError}>
          {(d: any) => (
            <Table
              head={[t("shop.code"), t("mem.name"), t("shop.item"), t("shop.state"), t("mem.at"), ...(canEdit ? [""] : [])]}
              rows={d.redemptions}
              row={(r: any) => (
                <tr>
                  <td>
                    <code>{r.code}</code>
                  </td>
                  <td>{r.name}</td>
                  <td>{r.item}</td>
                  <td>{r.state}</td>
                  <td>{when(r.created_at, group.time_zone)}</td>
                  {canEdit && (
                    <td>
                      {r.state === "pending" && (
                        <>
                          <button type="button" onClick={() => settle(r.code, "fulfil")}>
                            {t("shop.fulfil")}
                          </button>{" "}
                          <button type="button" onClick={() => settle(r.code, "refund")}>
                            {t("shop.refund")}
                          </button>
                        </>
                      )}
                    </td>
                  )}
                </tr>
              )}
            />
          )}
        </Loaded>
      </section>
    </>
  );
}
