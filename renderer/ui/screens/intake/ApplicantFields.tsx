/**
 * The applicant's section: how the application came and when the applicant
 * arrived (ChannelFields), who applies (parent, proxy...), the paper language,
 * the applicant's details; a proxy's power of attorney; whom a proxy
 * represents when the service is about that person; the parents' workplaces
 * for a queue.
 */
import { useTranslation } from 'react-i18next';
import { applicantKindsFor, keepsQueue, type Lang } from '../../../../shared';
import { LANGS } from '../../../i18n';
import { SelectField, TextField } from '../../components/Field';
import { ChannelFields } from './ChannelFields';
import type { ApplicantKind, FieldsProps, FormState } from './form';

/** The power of attorney's fields: a change of kind answers their errors (they may no longer apply). */
const POA_FIELDS = [
  'applicant.powerOfAttorney.number',
  'applicant.powerOfAttorney.date',
  'applicant.powerOfAttorney.notary',
];

export function ApplicantFields({
  form,
  entry,
  uiLang,
  err,
  edit,
  touch,
}: FieldsProps & { touch: (field: string) => () => void }) {
  const { t } = useTranslation();
  const a = form.applicant;
  const setA = (k: keyof FormState['applicant'], field: string) => (v: string) =>
    edit([field], (f) => ({ ...f, applicant: { ...f.applicant, [k]: v } }));
  const principalAsked = entry.subject !== 'child' && a.kind === 'proxy';
  return (
    <fieldset className="panel">
      <legend>{t('intake.applicantSection')}</legend>
      <ChannelFields form={form} uiLang={uiLang} err={err} edit={edit} />
      <div className="grid grid--3">
        <SelectField
          label={t('intake.applicantKind')}
          value={a.kind}
          testid="applicant-kind"
          onChange={(v) => edit(POA_FIELDS, (f) => ({ ...f, applicant: { ...f.applicant, kind: v as ApplicantKind } }))}
          options={applicantKindsFor(entry).map((k) => ({ value: k, label: t(`applicantKind.${k}`) }))}
          error={err('applicant.kind')}
          className="span-2"
        />
        <SelectField
          label={t('intake.paperLang')}
          value={form.lang}
          testid="intake-lang"
          onChange={(v) => edit([], (f) => ({ ...f, lang: v as Lang }))}
          options={LANGS.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
          hint={t('intake.paperLangHint')}
        />
        <TextField
          label={t('intake.applicantIin')}
          value={a.iin}
          onChange={setA('iin', 'applicant.iin')}
          onBlur={touch('applicant.iin')}
          error={err('applicant.iin')}
          required
          testid="applicant-iin"
          inputMode="numeric"
          maxLength={14}
          autoFocus
        />
        <TextField
          label={t('intake.phone')}
          value={a.phone}
          onChange={setA('phone', 'applicant.phone')}
          error={err('applicant.phone')}
          required
          testid="applicant-phone"
          type="tel"
          placeholder={t('intake.phonePlaceholder')}
          className="span-2"
        />
        <TextField
          label={t('person.lastName')}
          value={a.lastName}
          onChange={setA('lastName', 'applicant.lastName')}
          error={err('applicant.lastName')}
          required
          testid="applicant-last-name"
        />
        <TextField
          label={t('person.firstName')}
          value={a.firstName}
          onChange={setA('firstName', 'applicant.firstName')}
          error={err('applicant.firstName')}
          required
          testid="applicant-first-name"
        />
        <TextField
          label={t('person.middleName')}
          value={a.middleName}
          onChange={setA('middleName', 'applicant.middleName')}
          testid="applicant-middle-name"
        />
        <TextField
          label={t('intake.address')}
          value={a.address}
          onChange={setA('address', 'applicant.address')}
          error={err('applicant.address')}
          required
          testid="applicant-address"
          className="span-3"
        />
      </div>
      {a.kind === 'proxy' && (
        <div className="grid grid--3 subgrid" data-testid="poa-section">
          <TextField
            label={t('intake.poaNumber')}
            value={a.poaNumber}
            onChange={setA('poaNumber', 'applicant.powerOfAttorney.number')}
            error={err('applicant.powerOfAttorney.number')}
            required
            testid="poa-number"
          />
          <TextField
            label={t('intake.poaDate')}
            type="date"
            value={a.poaDate}
            onChange={setA('poaDate', 'applicant.powerOfAttorney.date')}
            error={err('applicant.powerOfAttorney.date')}
            required
            testid="poa-date"
          />
          <TextField
            label={t('intake.poaNotary')}
            value={a.poaNotary}
            onChange={setA('poaNotary', 'applicant.powerOfAttorney.notary')}
            error={err('applicant.powerOfAttorney.notary')}
            required
            testid="poa-notary"
          />
        </div>
      )}
      {principalAsked && (
        <div className="grid grid--3 subgrid" data-testid="principal-section">
          <div className="span-3 muted small">{t('intake.principalSection')}</div>
          <TextField
            label={t('intake.principalIin')}
            value={a.prIin}
            onChange={setA('prIin', 'applicant.principal.iin')}
            onBlur={touch('applicant.principal.iin')}
            error={err('applicant.principal.iin')}
            required
            testid="principal-iin"
            inputMode="numeric"
            maxLength={14}
            className="span-3"
          />
          <TextField
            label={t('person.lastName')}
            value={a.prLastName}
            onChange={setA('prLastName', 'applicant.principal.lastName')}
            error={err('applicant.principal.lastName')}
            required
            testid="principal-last-name"
          />
          <TextField
            label={t('person.firstName')}
            value={a.prFirstName}
            onChange={setA('prFirstName', 'applicant.principal.firstName')}
            error={err('applicant.principal.firstName')}
            required
            testid="principal-first-name"
          />
          <TextField
            label={t('person.middleName')}
            value={a.prMiddleName}
            onChange={setA('prMiddleName', 'applicant.principal.middleName')}
            testid="principal-middle-name"
          />
        </div>
      )}
      {keepsQueue(entry) && (
        <div className="grid grid--2">
          <TextField
            label={t('intake.motherWork')}
            value={form.mother}
            onChange={(v) => edit([], (f) => ({ ...f, mother: v }))}
            testid="workplace-mother"
          />
          <TextField
            label={t('intake.fatherWork')}
            value={form.father}
            onChange={(v) => edit([], (f) => ({ ...f, father: v }))}
            testid="workplace-father"
          />
        </div>
      )}
    </fieldset>
  );
}
