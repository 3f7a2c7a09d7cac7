import { useState } from "preact/hooks";

import { api, query, rank } from "../api";
import { fromZoned, t, toZoned, when } from "../i18n";
import { Loaded, Notice, PageProps, Table, useLoad, useWrite } from "../shared";

const emptyItem = { id: "", name: "", price: "", stock: "", per_member_limit: "", description: "", valid_from: "", valid_until: "" };

/** A number field: null when empty. */
const count = (text: string) => (text.trim() === "" ? null : Number(text));

/** Create or edit an item (the database owns it from then on); validity in the group's zone. */
function ItemEditor({ zone, draft, setDraft, onSaved }: { zone: string; draft: typeof emptyItem; setDraft: (d: typeof emptyItem) => void; onSaved: () => void }) {
  const [notice, run] = useWrite();
  const field = (name: keyof typeof emptyItem, type = "text") => (
    <input
      id={`item-${name}`}
      type={type}
      value={draft[name]}
      onInput={(e) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value })}
    />
  );
  function save(e: Event) {
    e.preventDefault();
    run(
      () =>
        api("PUT", `shop/items/${encodeURIComponent(draft.id)}`, {
          name: draft.name,
          price: count(draft.price),
          stock: count(draft.stock),
          per_member_limit: count(draft.per_member_limit),
          description: draft.description,
          valid_from: draft.valid_from ? fromZoned(draft.valid_from, zone) : null,
          valid_until: draft.valid_until ? fromZoned(draft.valid_until, zone) : null,
        }),
      t("settings.saved"),
      () => {
        setDraft(emptyItem);
        onSaved();
      },
    );
  }
  return (
    <form class="editor item-editor" onSubmit={save}>
      <h3>{t("shop.edit")}</h3>
      <label for="item-id">ID (a-z 0-9 _ -)</label>
      {field("id")}
      <label for="item-name">{t("shop.item")}</label>
      {field("name")}
      <label for="item-price">{t("shop.price")}</label>
      {field("price", "number")}
      <label for="item-stock">{t("shop.stock_hint")}</label>
      {field("stock", "number")}
      <label for="item-per_member_limit">{t("shop.limit")}</label>
      {field("per_member_limit", "number")}
      <label for="item-valid_from">{t("shop.valid_from", { zone })}</label>
      {field("valid_from", "datetime-local")}
      <label for="item-valid_until">{t("shop.valid_until", { zone })}</label>
      {field("valid_until", "datetime-local")}
      <label for="item-description">{t("shop.description")}</label>
      {field("description")}
      <button type="submit">{t("save")}</button>
      <Notice {...notice} />
    </form>
  );
}

/** Shop items with their stock, and the group's redemptions to fulfil or refund. */
export function Shop({ group, session }: PageProps) {
  const [items, itemsError, reloadItems] = useLoad(() => api("GET", "shop/items"));
  const [draft, setDraft] = useState(emptyItem);
  const [redemptions, redemptionsError, reload] = useLoad(
    () => api("GET", `shop/redemptions${query({ group: group.chat_id, limit: 200 })}`),
    [group.chat_id],
  );
  const [notice, run] = useWrite();
  const [itemNotice, runOnItem] = useWrite();
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
              head={[t("shop.item"), t("shop.price"), t("shop.stock"), t("shop.left"), t("shop.limit"), t("shop.valid"), ""]}
              rows={d.items}
              row={(i: any) => (
                <tr>
                  <td>
                    {i.name} <span class="hint">{i.id}</span>
                  </td>
                  <td>{i.price}</td>
                  <td>{i.stock ?? "∞"}</td>
                  <td>{i.left ?? "∞"}</td>
                  <td>{i.per_member_limit ?? "—"}</td>
                  <td>
                    {i.valid_from || i.valid_until ? `${when(i.valid_from, group.time_zone)} – ${when(i.valid_until, group.time_zone)}` : "—"}
                  </td>
                  <td>
                    {canEdit && (
                      <>
                        <button
                          type="button"
                          onClick={() =>
                            setDraft({
                              id: i.id,
                              name: i.name,
                              price: String(i.price),
                              stock: i.stock === null ? "" : String(i.stock),
                              per_member_limit: i.per_member_limit === null ? "" : String(i.per_member_limit),
                              description: i.description,
                              valid_from: toZoned(i.valid_from, group.time_zone),
                              valid_until: toZoned(i.valid_until, group.time_zone),
                            })
                          }
                        >
                          {t("tpl.edit")}
                        </button>{" "}
                        <button type="button" onClick={() => runOnItem(() => api("DELETE", `shop/items/${encodeURIComponent(i.id)}`), t("shop.withdrawn"), reloadItems)}>
                          {t("shop.withdraw")}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              )}
            />
          )}
        </Loaded>
        <Notice {...itemNotice} />
        {canEdit && !session.groups && <ItemEditor zone={group.time_zone} draft={draft} setDraft={setDraft} onSaved={reloadItems} />}
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
