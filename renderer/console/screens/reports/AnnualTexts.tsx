/**
 * The annual report's narrative sections (shared/reports/narrative.ts): a text
 * area per section and language, grouped by seed 004's parts in its order,
 * saved for the year (audited on the server). A closed year, or a role that may
 * not change reports, reads them only.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REPORT_TEXT_MAX,
  REPORT_TEXT_PART,
  REPORT_TEXT_SECTIONS,
  isComplement,
  reportPartHeading,
  reportTextHeading,
  type Lang,
  type ReportText,
  type ReportTexts,
  type ReportTextSection,
  type ReportTextsResponse,
} from '../../../../shared';
import { useMayChange } from '../../context';
import { reportsApi } from '../../reportsApi';
import { ErrorNote, Note, useAction } from '../../ui';

const PARTS = [1, 2, 3, 4] as const;
const LANGS: readonly Lang[] = ['kk', 'ru'];

export function AnnualTexts({
  saved,
  lang,
  onSaved,
}: {
  /** The year's texts as the server keeps them. */
  saved: ReportTextsResponse;
  lang: Lang;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const mayChange = useMayChange('reports');
  const editable = mayChange && !saved.closed;
  const [edits, setEdits] = useState<ReportTexts>({});
  const [done, setDone] = useState(false);
  const action = useAction();
  const valueOf = (s: ReportTextSection): ReportText => edits[s] ?? saved.texts[s] ?? { kk: '', ru: '' };
  const set = (s: ReportTextSection, l: Lang, v: string) => {
    setDone(false);
    setEdits({ ...edits, [s]: { ...valueOf(s), [l]: v } });
  };
  const tooLong = Object.values(edits).some((x) => x.kk.length > REPORT_TEXT_MAX || x.ru.length > REPORT_TEXT_MAX);
  async function save() {
    await reportsApi.saveTexts(saved.year, edits);
    setEdits({});
    setDone(true);
    onSaved();
  }
  return (
    <div className="panel" data-testid="annual-texts">
      <div className="toolbar">
        <h3>{t('console.reports.texts.title')}</h3>
        {editable && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={action.busy || tooLong || Object.keys(edits).length === 0}
            onClick={() => void action.run(save)}
            data-testid="annual-texts-save"
          >
            {t('console.reports.texts.save', { year: saved.year })}
          </button>
        )}
      </div>
      <ErrorNote error={action.error} />
      {done && (
        <Note kind="ok" testid="annual-texts-saved">
          {t('console.reports.texts.saved')}
        </Note>
      )}
      {Object.keys(edits).length > 0 && <Note kind="info">{t('console.reports.texts.unsaved')}</Note>}
      {saved.closed && <Note kind="info">{t('console.reports.texts.closed')}</Note>}
      {tooLong && <Note kind="error">{t('console.reports.texts.tooLong', { max: REPORT_TEXT_MAX })}</Note>}
      <p className="small muted">{t('console.reports.texts.hint')}</p>
      {PARTS.map((part) => (
        <fieldset key={part} className="report-texts-part">
          <legend>{reportPartHeading(part, lang)}</legend>
          {REPORT_TEXT_SECTIONS.filter((s) => REPORT_TEXT_PART[s] === part).map((s) => (
            <div key={s} className="report-text" data-testid={`annual-text-${s}`}>
              <div className="small">
                {reportTextHeading(s, lang)}
                {isComplement(s) && <span className="muted"> ({t('console.reports.texts.complement')})</span>}
              </div>
              <div className="report-text-langs">
                {LANGS.map((l) => (
                  <label key={l} className="field">
                    <span>{t(`console.reports.texts.${l}`)}</span>
                    <textarea
                      rows={3}
                      value={valueOf(s)[l]}
                      readOnly={!editable}
                      maxLength={REPORT_TEXT_MAX + 1}
                      onChange={(e) => set(s, l, e.target.value)}
                      data-testid={`annual-text-${s}-${l}`}
                    />
                  </label>
                ))}
              </div>
            </div>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
