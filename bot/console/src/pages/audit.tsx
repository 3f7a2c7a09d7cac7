import { api } from "../api";
import { t, when } from "../i18n";
import { Loaded, PageProps, Table, useLoad } from "../shared";

/** Every write made through the API and the console: who, what, before and after. */
export function Audit({ group }: PageProps) {
  const [data, error] = useLoad(() => api("GET", "audit?limit=200"));
  return (
    <Loaded data={data} error={error}>
      {(d: any) => (
        <Table
          head={[t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.target"), t("audit.change")]}
          rows={d.entries}
          row={(e: any) => (
            <tr>
              <td>{when(e.at, group?.time_zone)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.target}</td>
              <td class="clip">
                {e.before || "—"} → {e.after || "—"}
              </td>
            </tr>
          )}
        />
      )}
    </Loaded>
  );
}
