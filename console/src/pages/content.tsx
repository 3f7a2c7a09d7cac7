import { api } from "../api";
import { t } from "../i18n";
import { Loaded, PageProps, Table, useLoad } from "../shared";

/** The FAQ entries and scheduled posts in force. */
export function Content(_: PageProps) {
  const [data, error] = useLoad(() => Promise.all([api("GET", "faq"), api("GET", "schedules")]));
  return (
    <Loaded data={data} error={error}>
      {([faq, schedules]: any) => (
        <>
          <section>
            <h2>{t("content.faq")}</h2>
            <Table
              head={["ID", t("content.triggers"), t("content.answer")]}
              rows={faq.faq}
              row={(f: any) => (
                <tr>
                  <td>{f.id}</td>
                  <td>{f.triggers.join(" · ")}</td>
                  <td class="clip">{f.answer}</td>
                </tr>
              )}
            />
          </section>
          <section>
            <h2>{t("content.schedules")}</h2>
            <Table
              head={["ID", t("content.when"), t("content.text")]}
              rows={schedules.schedules}
              row={(s: any) => (
                <tr>
                  <td>{s.id}</td>
                  <td>{s.cron ?? s.once}</td>
                  <td class="clip">{s.text}</td>
                </tr>
              )}
            />
          </section>
        </>
      )}
    </Loaded>
  );
}
