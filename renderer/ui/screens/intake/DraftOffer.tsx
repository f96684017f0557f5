/**
 * The person's unfinished application, offered back before anything is typed
 * over it: when it was saved, for which service (if not the first) and whom
 * it is about. Closing the dialog takes it up, like "Restore".
 */
import { useTranslation } from 'react-i18next';
import type { Lang, ServiceEntry } from '../../../../shared';
import { Dialog } from '../../components/Dialog';
import type { IntakeDraft } from '../../deskClient';
import { bi, tableDateTime } from '../../format';
import { useSession } from '../../session';
import { draftPeople } from './form';

type Props = {
  open: boolean;
  draft: IntakeDraft | null;
  services: ServiceEntry[];
  uiLang: Lang;
  onRestore: () => void;
  onDiscard: () => void;
};

export function DraftOffer({ open, draft, services, uiLang, onRestore, onDiscard }: Props) {
  const { t } = useTranslation();
  const { session } = useSession();
  const who = draft ? draftPeople(draft) : '';
  return (
    <Dialog
      open={open}
      title={t('draft.offerTitle')}
      onClose={onRestore}
      testid="draft-offer"
      footer={
        <>
          <button type="button" className="btn" onClick={onDiscard} data-testid="draft-discard">
            {t('draft.discard')}
          </button>
          <button type="button" className="btn btn--primary" onClick={onRestore} data-testid="draft-restore">
            {t('draft.restore')}
          </button>
        </>
      }
    >
      {draft && (
        <>
          <p>{t('draft.offerText')}</p>
          <p>
            <span className="muted">{t('draft.savedAt')}:</span>{' '}
            <b data-testid="draft-saved-at">{tableDateTime(draft.savedAt, session.office)}</b>
            {draft.serviceCode !== services[0]?.code && (
              <> · {bi(services.find((e) => e.code === draft.serviceCode)?.name, uiLang) || draft.serviceCode}</>
            )}
          </p>
          {who && <p data-testid="draft-who">{who}</p>}
        </>
      )}
    </Dialog>
  );
}
