import { useState } from "preact/hooks";

import { api, rank } from "../api";
import { t } from "../i18n";
import { Notice, PageProps, useWrite } from "../shared";

/** The group's language (welcome, rules, announcements) and time zone (days, check-ins, posts). */
export function Settings({ group, session }: PageProps) {
  const chat = encodeURIComponent(group.chat_id);
  const [language, setLanguage] = useState(group.language ?? "zh");
  const [zone, setZone] = useState(group.time_zone);
  const [notice, run] = useWrite();
  const canEdit = rank(session.role) >= 2;
  function save(e: Event) {
    e.preventDefault();
    run(
      async () => {
        await api("PUT", `groups/${chat}/language`, { language });
        await api("PUT", `groups/${chat}/time_zone`, { time_zone: zone.trim() });
        group.language = language;
        group.time_zone = zone.trim();
      },
      t("settings.saved"),
    );
  }
  return (
    <section>
      <h2>
        {t("nav.settings")}: {group.title || group.chat_id}
      </h2>
      <form class="editor" onSubmit={save}>
        <label for="group-language">{t("settings.language")}</label>
        <select id="group-language" value={language} disabled={!canEdit} onChange={(e) => setLanguage((e.target as HTMLSelectElement).value)}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
        <label for="group-zone">{t("settings.zone")}</label>
        <input id="group-zone" value={zone} readOnly={!canEdit} list="zones" onInput={(e) => setZone((e.target as HTMLInputElement).value)} />
        <datalist id="zones">
          {["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC"].map((z) => (
            <option value={z} />
          ))}
        </datalist>
        <p class="hint">{t("settings.zone_hint")}</p>
        {canEdit && <button type="submit">{t("save")}</button>}
        <Notice {...notice} />
      </form>
    </section>
  );
}
