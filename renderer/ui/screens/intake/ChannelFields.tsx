/**
 * One row at the top of the applicant's section (issue #14): how the
 * application came (at the office, by the mobile centre in a settlement,
 * through the State Corporation, through the portal), and, where the office
 * records it, when the applicant arrived (HH:mm today) and the ticket number,
 * so the district can measure waiting against its norm. The data layer checks
 * them (shared/intake/channel.ts); the row only offers what the channel takes.
 */
import { useTranslation } from 'react-i18next';
import { arrivalRecordable, channelsFor, type AppChannel } from '../../../../shared';
import { SelectField, TextField } from '../../components/Field';
import { bi } from '../../format';
import { useSession } from '../../session';
import type { FieldsProps } from './form';

/** A change of channel answers the errors of every field of the row: what they may carry changes with it. */
const ROW_FIELDS = ['channel', 'settlement', 'arrivalAt', 'ticketNo'];

export function ChannelFields({ form, uiLang, err, edit }: Omit<FieldsProps, 'entry'>) {
  const { t } = useTranslation();
  const { session } = useSession();
  const office = session.office;
  const listed = office.settlements ?? [];
  const mobile = form.channel === 'mobile';
  const inPerson = arrivalRecordable(form.channel);
  // The office's own names first; a settlement typed on the visits screen that the list lacks stays choosable.
  const options = [
    { value: '', label: '—' },
    ...listed.map((s) => ({ value: s.name.kk, label: bi(s.name, uiLang) })),
    ...(form.settlement && !listed.some((s) => s.name.kk === form.settlement)
      ? [{ value: form.settlement, label: form.settlement }]
      : []),
  ];
  const setSettlement = (v: string) => edit(['settlement'], (f) => ({ ...f, settlement: v }));
  return (
    <div className="grid grid--4" data-testid="intake-channel-row">
      <SelectField
        label={t('intake.channel.label')}
        value={form.channel}
        testid="intake-channel"
        onChange={(v) => edit(ROW_FIELDS, (f) => ({ ...f, channel: v as AppChannel }))}
        options={channelsFor(office.type).map((c) => ({ value: c, label: t(`intake.channel.${c}`) }))}
        error={err('channel')}
        // Wide while it stands alone (the State Corporation's and the portal's labels are long).
        className={mobile ? undefined : 'span-2'}
      />
      {mobile ? (
        listed.length ? (
          <SelectField
            label={t('intake.channel.settlement')}
            value={form.settlement}
            testid="intake-settlement"
            onChange={setSettlement}
            options={options}
            error={err('settlement')}
            required
          />
        ) : (
          <TextField
            label={t('intake.channel.settlement')}
            value={form.settlement}
            onChange={setSettlement}
            error={err('settlement')}
            required
            testid="intake-settlement"
          />
        )
      ) : null}
      {inPerson && (
        <>
          <TextField
            label={t('intake.channel.arrivedAt')}
            type="time"
            value={form.arrivalTime}
            onChange={(v) => edit(['arrivalAt'], (f) => ({ ...f, arrivalTime: v }))}
            error={err('arrivalAt')}
            hint={t('intake.channel.arrivedAtHint')}
            testid="intake-arrival-time"
          />
          <TextField
            label={t('intake.channel.ticketNo')}
            value={form.ticketNo}
            onChange={(v) => edit(['ticketNo'], (f) => ({ ...f, ticketNo: v }))}
            error={err('ticketNo')}
            maxLength={20}
            testid="intake-ticket-no"
          />
        </>
      )}
    </div>
  );
}
